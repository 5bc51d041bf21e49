import { runSessionStoreContract } from '@tracker/core/testing';
import { DataSource } from 'typeorm';
import { DbSessionStore } from '../../src/auth/db-session-store.js';
import { Session } from '../../src/auth/session.entity.js';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { entities } from '../../src/entities.js';
import { createTestDatabase } from '../support/index.js';

// The site's database adapter of the session store, held to the contract the Redis and
// memory adapters pass (tracker-core's session-store-contract.ts), on both dialects.

async function dbStore(databaseUrl: string | undefined, drop?: () => Promise<void>) {
  const dataSource = new DataSource(
    buildDataSourceOptions({ databaseUrl, sqlitePath: ':memory:' }, entities),
  );
  await dataSource.initialize();
  return {
    store: new DbSessionStore(dataSource.getRepository(Session)),
    close: async () => {
      await dataSource.destroy();
      await drop?.();
    },
  };
}

runSessionStoreContract('DbSessionStore on SQLite', () => dbStore(undefined));

runSessionStoreContract('DbSessionStore on MariaDB', async () => {
  const db = await createTestDatabase();
  return dbStore(db.url, db.drop);
});
