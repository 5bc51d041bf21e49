import { getMetadataArgsStorage } from 'typeorm';
import type { ColumnOptions } from 'typeorm';

type Driver = 'mysql' | 'better-sqlite3';

const declaredAsBlob = new WeakSet<ColumnOptions>();
const timestampDefaults = new WeakSet<ColumnOptions>();

/**
 * Entities declare byte columns as `type: 'blob'`, the only binary type better-sqlite3 accepts.
 * On MySQL a BLOB holds 64 KiB, too small for a .torrent or a poster: there it becomes LONGBLOB.
 */
function adaptBlob(options: ColumnOptions, driver: Driver): void {
  if (options.type === 'blob' || options.type === 'longblob') declaredAsBlob.add(options);
  if (declaredAsBlob.has(options)) options.type = driver === 'mysql' ? 'longblob' : 'blob';
}

/**
 * TypeORM gives Create/UpdateDateColumns a CURRENT_TIMESTAMP(6) default on MySQL whatever
 * their precision, which MariaDB stores as CURRENT_TIMESTAMP(3) on a datetime(3): the
 * schema then never matches the entities. Give them the default of their own precision.
 */
function adaptTimestampDefault(options: ColumnOptions, mode: string, driver: Driver): void {
  if ((mode !== 'createDate' && mode !== 'updateDate') || options.precision == null) return;
  if (options.default !== undefined && !timestampDefaults.has(options)) return;
  timestampDefaults.add(options);
  const now = `CURRENT_TIMESTAMP(${options.precision})`;
  options.default = driver === 'mysql' ? () => now : undefined;
  if (mode === 'updateDate') options.onUpdate = driver === 'mysql' ? now : undefined;
}

/**
 * Makes the portable column declarations fit the driver about to build its metadata.
 * Metadata arguments are process-global, so two data sources of different drivers must not
 * initialize at the same instant; the app and the tests only ever build one at a time.
 */
export function adaptColumnsToDriver(driver: Driver): void {
  for (const column of getMetadataArgsStorage().columns) {
    adaptBlob(column.options, driver);
    adaptTimestampDefault(column.options, column.mode, driver);
  }
}
