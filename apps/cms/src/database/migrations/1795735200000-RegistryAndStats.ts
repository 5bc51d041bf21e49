import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The announcer bridge: the registry outbox with the triggers that fill it, the applied-entry
 * table of the stats ledger and each user's last state per torrent. Tables generated from the
 * entities with TypeORM's schema builder against MariaDB.
 *
 * Triggers, not application hooks, write the outbox: they commit with the change whatever code
 * made it (repository.update, query builders and raw SQL never reach entity subscribers with
 * the old passkey). The release trigger runs BEFORE DELETE because the FK cascade that removes
 * its torrent fires no torrent trigger. Creating triggers on a server with binary logging on
 * needs SUPER or log_bin_trust_function_creators=1.
 */
export class RegistryAndStats1795735200000 implements MigrationInterface {
  name = 'RegistryAndStats1795735200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE `registry_outbox` (`id` int NOT NULL AUTO_INCREMENT, `kind` varchar(8) NOT NULL, `ref` varchar(64) NOT NULL, `createdAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await q.query(
      "CREATE TABLE `peer_activity` (`userId` int NOT NULL, `torrentId` int NOT NULL, `state` enum ('seeding', 'leeching', 'stopped') NOT NULL, `lastAnnounceAt` datetime(3) NOT NULL, PRIMARY KEY (`userId`, `torrentId`)) ENGINE=InnoDB",
    );
    await q.query(
      'CREATE TABLE `stats_applied` (`source` varchar(96) NOT NULL, `entryId` varchar(32) NOT NULL, `appliedAt` datetime(3) NOT NULL, INDEX `idx_stats_applied_at` (`appliedAt`), PRIMARY KEY (`source`, `entryId`)) ENGINE=InnoDB',
    );
    for (const sql of TRIGGERS) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of TRIGGER_NAMES) await q.query(`DROP TRIGGER IF EXISTS \`${name}\``);
    await q.query('DROP TABLE `stats_applied`');
    await q.query('DROP TABLE `peer_activity`');
    await q.query('DROP TABLE `registry_outbox`');
  }
}

const TRIGGER_NAMES = [
  'trg_user_registry_ins',
  'trg_user_registry_upd',
  'trg_user_registry_del',
  'trg_torrent_registry_ins',
  'trg_torrent_registry_upd',
  'trg_torrent_registry_del',
  'trg_release_registry_upd',
  'trg_release_registry_del',
];

const OUTBOX = 'INSERT INTO `registry_outbox` (`kind`, `ref`) VALUES';
const RELEASE_TORRENTS = (row: 'NEW' | 'OLD'): string =>
  "INSERT INTO `registry_outbox` (`kind`, `ref`) SELECT 'torrent', `infoHash` FROM `torrent` WHERE `releaseId` = " +
  `${row}.id UNION ALL SELECT 'torrent', LEFT(\`infoHashV2\`, 40) FROM \`torrent\` WHERE \`releaseId\` = ${row}.id AND \`infoHashV2\` IS NOT NULL`;

const TRIGGERS = [
  `CREATE TRIGGER \`trg_user_registry_ins\` AFTER INSERT ON \`user\` FOR EACH ROW ${OUTBOX} ('user', NEW.passkey)`,
  `CREATE TRIGGER \`trg_user_registry_upd\` AFTER UPDATE ON \`user\` FOR EACH ROW BEGIN
     IF NOT (OLD.passkey <=> NEW.passkey) THEN ${OUTBOX} ('user', OLD.passkey); END IF;
     IF NOT (OLD.passkey <=> NEW.passkey AND OLD.disabled <=> NEW.disabled AND OLD.canLeech <=> NEW.canLeech)
       THEN ${OUTBOX} ('user', NEW.passkey); END IF;
   END`,
  `CREATE TRIGGER \`trg_user_registry_del\` AFTER DELETE ON \`user\` FOR EACH ROW ${OUTBOX} ('user', OLD.passkey)`,
  `CREATE TRIGGER \`trg_torrent_registry_ins\` AFTER INSERT ON \`torrent\` FOR EACH ROW BEGIN
     ${OUTBOX} ('torrent', NEW.infoHash);
     IF NEW.infoHashV2 IS NOT NULL THEN ${OUTBOX} ('torrent', LEFT(NEW.infoHashV2, 40)); END IF;
   END`,
  `CREATE TRIGGER \`trg_torrent_registry_upd\` AFTER UPDATE ON \`torrent\` FOR EACH ROW BEGIN
     IF NOT (OLD.infoHash <=> NEW.infoHash AND OLD.infoHashV2 <=> NEW.infoHashV2 AND OLD.releaseId <=> NEW.releaseId) THEN
       ${OUTBOX} ('torrent', OLD.infoHash), ('torrent', NEW.infoHash);
       IF OLD.infoHashV2 IS NOT NULL THEN ${OUTBOX} ('torrent', LEFT(OLD.infoHashV2, 40)); END IF;
       IF NEW.infoHashV2 IS NOT NULL THEN ${OUTBOX} ('torrent', LEFT(NEW.infoHashV2, 40)); END IF;
     END IF;
   END`,
  `CREATE TRIGGER \`trg_torrent_registry_del\` AFTER DELETE ON \`torrent\` FOR EACH ROW BEGIN
     ${OUTBOX} ('torrent', OLD.infoHash);
     IF OLD.infoHashV2 IS NOT NULL THEN ${OUTBOX} ('torrent', LEFT(OLD.infoHashV2, 40)); END IF;
   END`,
  `CREATE TRIGGER \`trg_release_registry_upd\` AFTER UPDATE ON \`release\` FOR EACH ROW BEGIN
     IF NOT (OLD.status <=> NEW.status AND OLD.freeleech <=> NEW.freeleech) THEN ${RELEASE_TORRENTS('NEW')}; END IF;
   END`,
  `CREATE TRIGGER \`trg_release_registry_del\` BEFORE DELETE ON \`release\` FOR EACH ROW ${RELEASE_TORRENTS('OLD')}`,
];
