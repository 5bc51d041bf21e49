import type { DataSource } from 'typeorm';

const OUTBOX = 'INSERT INTO "registry_outbox" ("kind", "ref")';

const torrentsOf = (row: 'NEW' | 'OLD'): string =>
  `${OUTBOX} SELECT 'torrent', "infoHash" FROM "torrent" WHERE "releaseId" = ${row}.id;
   ${OUTBOX} SELECT 'torrent', substr("infoHashV2", 1, 40) FROM "torrent"
     WHERE "releaseId" = ${row}.id AND "infoHashV2" IS NOT NULL;`;

const hashesOf = (row: 'NEW' | 'OLD'): string =>
  `${OUTBOX} VALUES ('torrent', ${row}.infoHash);
   ${OUTBOX} SELECT 'torrent', substr(${row}.infoHashV2, 1, 40) WHERE ${row}.infoHashV2 IS NOT NULL;`;

/**
 * The embedded (SQLite) twin of the triggers the MySQL migration creates; keep them alike.
 * SQLite's schema follows the entities (synchronize), which drops a table's triggers when it
 * rebuilds the table, so they are (re)created at every boot.
 */
const SQLITE_TRIGGERS = [
  `CREATE TRIGGER IF NOT EXISTS trg_user_registry_ins AFTER INSERT ON "user" BEGIN
     ${OUTBOX} VALUES ('user', NEW.passkey); END`,
  `CREATE TRIGGER IF NOT EXISTS trg_user_registry_upd AFTER UPDATE ON "user" BEGIN
     ${OUTBOX} SELECT 'user', OLD.passkey WHERE OLD.passkey IS NOT NEW.passkey;
     ${OUTBOX} SELECT 'user', NEW.passkey WHERE OLD.passkey IS NOT NEW.passkey
       OR OLD.disabled IS NOT NEW.disabled OR OLD.canLeech IS NOT NEW.canLeech;
   END`,
  `CREATE TRIGGER IF NOT EXISTS trg_user_registry_del AFTER DELETE ON "user" BEGIN
     ${OUTBOX} VALUES ('user', OLD.passkey); END`,
  `CREATE TRIGGER IF NOT EXISTS trg_torrent_registry_ins AFTER INSERT ON "torrent" BEGIN ${hashesOf('NEW')} END`,
  `CREATE TRIGGER IF NOT EXISTS trg_torrent_registry_upd AFTER UPDATE ON "torrent"
     WHEN OLD.infoHash IS NOT NEW.infoHash OR OLD.infoHashV2 IS NOT NEW.infoHashV2
       OR OLD.releaseId IS NOT NEW.releaseId
   BEGIN ${hashesOf('OLD')} ${hashesOf('NEW')} END`,
  `CREATE TRIGGER IF NOT EXISTS trg_torrent_registry_del AFTER DELETE ON "torrent" BEGIN ${hashesOf('OLD')} END`,
  `CREATE TRIGGER IF NOT EXISTS trg_release_registry_upd AFTER UPDATE ON "release"
     WHEN OLD.status IS NOT NEW.status OR OLD.freeleech IS NOT NEW.freeleech
   BEGIN ${torrentsOf('NEW')} END`,
  `CREATE TRIGGER IF NOT EXISTS trg_release_registry_del BEFORE DELETE ON "release" BEGIN ${torrentsOf('OLD')} END`,
];

export async function installSqliteRegistryTriggers(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'better-sqlite3') return;
  for (const sql of SQLITE_TRIGGERS) await dataSource.query(sql);
}
