import type { EntityManager } from 'typeorm';
import { jsonBytes } from './column-transformers.js';
import { Torrent } from './torrent.entity.js';

export type NewTorrentRow = Omit<Torrent, 'id' | 'release'>;

/** mysql2's connection, as much of it as we call (TypeORM's query runner holds one). */
interface Mysql2Connection {
  execute(sql: string, params: unknown[], callback: (err: Error | null) => void): void;
}

/** The blob columns, each written by a statement of its own on MySQL. */
const BLOB_UPDATES = {
  canonical: 'UPDATE `torrent` SET `canonical` = ? WHERE `id` = ?',
  files: 'UPDATE `torrent` SET `files` = ? WHERE `id` = ?',
} as const;

function isMysql(em: EntityManager): boolean {
  const type = em.connection.options.type;
  return type === 'mysql' || type === 'mariadb';
}

function execute(conn: Mysql2Connection, sql: string, params: unknown[]): Promise<void> {
  return new Promise((resolve, reject) =>
    conn.execute(sql, params, (err) => (err ? reject(err) : resolve())),
  );
}

/**
 * Inserts a torrent row inside the caller's transaction and returns its id.
 *
 * TypeORM talks to MySQL/MariaDB through mysql2's text protocol, which writes a Buffer into
 * the statement as X'…' hex: a .torrent over 8 MiB made a statement over the server's default
 * 16 MiB max_allowed_packet, and the upload failed. There the row goes in without its two
 * blobs, and each blob follows in a prepared statement of its own, whose binary protocol sends
 * the bytes as they are: a statement is then one blob plus a few bytes, and every upload under
 * the 10 MiB limit (its canonical form, or a file list as long as the file) fits a default
 * server. The transaction makes the three statements one change.
 */
export async function insertTorrentRow(em: EntityManager, row: NewTorrentRow): Promise<number> {
  if (!isMysql(em)) return (await em.save(em.create(Torrent, row))).id;
  if (!em.queryRunner?.isTransactionActive) throw new Error('insertTorrentRow needs a transaction');
  const { canonical, files, ...columns } = row;
  const inserted = await em.insert(Torrent, { ...columns, canonical: Buffer.alloc(0), files: [] });
  const id = (inserted.identifiers[0] as { id: number }).id;
  const conn = (await em.queryRunner.connect()) as Mysql2Connection;
  await execute(conn, BLOB_UPDATES.canonical, [canonical, id]);
  await execute(conn, BLOB_UPDATES.files, [jsonBytes.to(files), id]);
  return id;
}
