import { getMetadataArgsStorage } from 'typeorm';

type BlobDriver = 'mysql' | 'better-sqlite3';

const declaredAsBlob = new WeakSet<object>();

/**
 * Entities declare byte columns as `type: 'blob'`, the only binary type better-sqlite3 accepts.
 * On MySQL a BLOB holds 64 KiB, too small for a .torrent or a poster, so before a MySQL data
 * source builds its metadata every declared blob becomes a LONGBLOB (and back for SQLite).
 * Metadata arguments are process-global, so two data sources of different drivers must not
 * initialize at the same instant; the app and the tests only ever build one at a time.
 */
export function adaptBlobColumns(driver: BlobDriver): void {
  for (const column of getMetadataArgsStorage().columns) {
    const options = column.options;
    if (options.type === 'blob' || options.type === 'longblob') declaredAsBlob.add(options);
    if (!declaredAsBlob.has(options)) continue;
    options.type = driver === 'mysql' ? 'longblob' : 'blob';
  }
}
