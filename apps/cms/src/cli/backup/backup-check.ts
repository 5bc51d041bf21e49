import { type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { BackupCheckError, type PartReport } from './backup-error.js';
import { checkFilesFolder } from './check-files.js';
import { checkRedisBackup } from './check-redis-backup.js';
import { checkSqlDump } from './check-sql-dump.js';

export { BackupCheckError } from './backup-error.js';

/** The layout docs/operations.md writes: the dump at the top, `redis/`, `files/`. */
interface BackupLayout {
  readonly dump: string;
  readonly rdb: string | null;
  readonly aofDir: string | null;
  readonly files: string | null;
}

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && dir.endsWith(`${path.sep}redis`)) return [];
    throw new BackupCheckError(`${dir}: cannot read the folder (${code ?? 'error'})`);
  }
}

async function findLayout(folder: string): Promise<BackupLayout> {
  const top = await entries(folder);
  const dumps = top.filter((e) => e.isFile() && /\.sql(\.gz)?$/.test(e.name));
  if (dumps.length !== 1) {
    throw new BackupCheckError(
      `${folder}: expected one MySQL dump (*.sql or *.sql.gz), found ${dumps.length}`,
    );
  }
  const redisDir = path.join(folder, 'redis');
  const redis = await entries(redisDir);
  const has = (list: Dirent[], name: string, dir: boolean): boolean =>
    list.some((e) => e.name === name && (dir ? e.isDirectory() : e.isFile()));
  const pick = (name: string, dir: boolean): string | null =>
    has(redis, name, dir) ? path.join(redisDir, name) : has(top, name, dir) ? path.join(folder, name) : null;
  return {
    dump: path.join(folder, dumps[0]?.name ?? ''),
    rdb: pick('dump.rdb', false),
    aofDir: pick('appendonlydir', true),
    files: has(top, 'files', true) ? path.join(folder, 'files') : null,
  };
}

/**
 * Reads a backup folder back, part by part: the MySQL dump (required), the Redis snapshot or
 * append-only folder and the site's files (each when present). Throws BackupCheckError, one
 * line, at the first part that does not read back. What each check proves: see its file.
 */
export async function checkBackup(folder: string): Promise<string[]> {
  const layout = await findLayout(folder);
  const reports: PartReport[] = [await checkSqlDump(layout.dump)];
  const lines = [];
  if (layout.rdb || layout.aofDir) reports.push(await checkRedisBackup(layout.rdb, layout.aofDir));
  else
    lines.push(
      '-- redis: no dump.rdb or appendonlydir in this backup (sessions and unconsumed stats would be lost)',
    );
  if (layout.files) reports.push(await checkFilesFolder(layout.files));
  else lines.push('-- files: no files/ folder in this backup');
  return [...reports.map((r) => `ok ${r.part}: ${r.summary}`), ...lines];
}
