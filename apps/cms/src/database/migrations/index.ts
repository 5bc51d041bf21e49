import type { MigrationInterface } from 'typeorm';
import { PlatformInit1795735039629 } from './1795735039629-PlatformInit.js';
import { ReleasesSchema1795735100000 } from './1795735100000-ReleasesSchema.js';
import { RegistryAndStats1795735200000 } from './1795735200000-RegistryAndStats.js';
import { BrowseIndexes1795735300000 } from './1795735300000-BrowseIndexes.js';
import { AccountSecurity1795736000000 } from './1795736000000-AccountSecurity.js';
import { CreditHolds1795736200000 } from './1795736200000-CreditHolds.js';

/**
 * MySQL migrations in the order they run. A new migration is generated with
 *   npx tsc -b apps/cms/tsconfig.app.json && DATABASE_URL=mysql://… npx typeorm migration:generate \
 *     -d apps/cms/dist/data-source.js apps/cms/src/database/migrations/<Name>
 * against a database where the existing ones ran, then listed here.
 */
export const migrations: Array<new () => MigrationInterface> = [
  PlatformInit1795735039629,
  ReleasesSchema1795735100000,
  RegistryAndStats1795735200000,
  BrowseIndexes1795735300000,
  AccountSecurity1795736000000,
  CreditHolds1795736200000,
];
