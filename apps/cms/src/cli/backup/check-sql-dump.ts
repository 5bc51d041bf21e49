import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BackupCheckError, type PartReport } from './backup-error.js';
import { SqlDumpScanner, type SqlDumpSummary } from './sql-dump-scanner.js';

/** Tables every migrated site database has: a dump without them is of another database. */
export const EXPECTED_TABLES = ['migrations', 'user', 'setting', 'category', 'release', 'torrent'] as const;

function open(file: string): Readable {
  const raw = createReadStream(file);
  if (!file.endsWith('.gz')) return raw;
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

async function scan(file: string): Promise<SqlDumpSummary> {
  const scanner = new SqlDumpScanner();
  const lines = createInterface({ input: open(file), crlfDelay: Infinity });
  for await (const line of lines) scanner.line(line);
  return scanner.end();
}

/**
 * Reads a whole MySQL dump (plain or gzip): every statement must split cleanly and be one a
 * dump holds, the file must end with the tool's "Dump completed" line (not cut short), and
 * the site's tables must be created in it. It does not load the dump: a restore into a
 * scratch database is the only full proof (docs/operations.md).
 */
export async function checkSqlDump(file: string): Promise<PartReport> {
  const name = path.basename(file);
  let summary: SqlDumpSummary;
  try {
    summary = await scan(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'Z_BUF_ERROR' ? 'the gzip stream is cut short' : (err as Error).message;
    throw new BackupCheckError(`${name}: ${reason}`);
  }
  if (!summary.header) throw new BackupCheckError(`${name}: no "-- MySQL dump" or "-- MariaDB dump" header`);
  if (!summary.completed) {
    throw new BackupCheckError(
      `${name}: no "-- Dump completed" line at the end: cut short (or made with --skip-comments)`,
    );
  }
  const missing = EXPECTED_TABLES.filter((table) => !summary.tables.includes(table));
  if (missing.length) throw new BackupCheckError(`${name}: no CREATE TABLE for ${missing.join(', ')}`);
  const inserts = [...summary.inserts.values()].reduce((a, b) => a + b, 0);
  return {
    part: 'mysql',
    summary: `${name}: ${summary.statements} statements, ${summary.tables.length} tables, ${inserts} INSERT statements, complete`,
  };
}
