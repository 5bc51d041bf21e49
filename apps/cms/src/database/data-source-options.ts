import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/cms-config.js';
import { adaptColumnsToDriver } from './driver-columns.js';
import { migrations } from './migrations/index.js';

/** The entity classes of the site (src/entities.ts lists them). */
export type SiteEntities = NonNullable<DataSourceOptions['entities']>;

/**
 * MySQL/MariaDB when DATABASE_URL is set: schema only through migrations, run at boot.
 * Otherwise the embedded SQLite file, whose schema follows the entities (synchronize).
 */
export function buildDataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl' | 'sqlitePath'>,
  entities: SiteEntities,
): DataSourceOptions {
  if (config.databaseUrl) {
    adaptColumnsToDriver('mysql');
    // TypeORM reads MariaDB's catalog differently (NULL defaults, precisions): the URL scheme
    // tells which server it is, so schema comparison finds no phantom changes.
    return {
      type: config.databaseUrl.startsWith('mariadb:') ? 'mariadb' : 'mysql',
      url: config.databaseUrl.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      entities,
      migrations,
      migrationsRun: true,
      synchronize: false,
    };
  }
  adaptColumnsToDriver('better-sqlite3');
  if (config.sqlitePath !== ':memory:') mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
  return { type: 'better-sqlite3', database: config.sqlitePath, entities, synchronize: true };
}
