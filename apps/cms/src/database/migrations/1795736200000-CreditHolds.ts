import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `credit_holds`: one row per stats entry whose announce claimed bytes the announcer held as
 * implausible, the evidence staff review (stats/credit-hold.entity.ts). Unique per ledger
 * entry, so a redelivered entry records once; the torrent id turns null when the torrent is
 * deleted. Generated from the entity with TypeORM's schema builder against MariaDB.
 */
export class CreditHolds1795736200000 implements MigrationInterface {
  name = 'CreditHolds1795736200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE `credit_holds` (`id` int NOT NULL AUTO_INCREMENT, `source` varchar(96) NOT NULL, `entryId` varchar(32) NOT NULL, `userId` int NOT NULL, `torrentId` int NULL, `infoHash` varchar(40) NOT NULL, `heldUploaded` bigint NOT NULL, `heldDownloaded` bigint NOT NULL, `reason` varchar(64) NOT NULL, `announcedAt` datetime(3) NOT NULL, `instance` varchar(64) NOT NULL, `recordedAt` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX `idx_credit_holds_user` (`userId`), UNIQUE INDEX `uq_credit_holds_entry` (`source`, `entryId`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await q.query(
      'ALTER TABLE `credit_holds` ADD CONSTRAINT `FK_e820d6ea6b1d43dae74fdc46248` FOREIGN KEY (`torrentId`) REFERENCES `torrent`(`id`) ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `credit_holds` DROP FOREIGN KEY `FK_e820d6ea6b1d43dae74fdc46248`');
    await q.query('DROP TABLE `credit_holds`');
  }
}
