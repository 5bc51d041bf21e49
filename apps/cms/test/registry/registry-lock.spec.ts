import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { entities } from '../../src/entities.js';
import { withRegistryLock } from '../../src/registry/registry-lock.js';
import { type BridgeDatabase, openBridgeDatabase } from './support/bridge-database.js';

describe('the registry writer lock on MariaDB', () => {
  let db: BridgeDatabase;
  let otherProcess: DataSource;

  beforeAll(async () => {
    db = await openBridgeDatabase('mariadb');
    otherProcess = new DataSource({
      ...buildDataSourceOptions({ databaseUrl: db.url, sqlitePath: ':memory:' }, entities),
      migrationsRun: false,
    });
    await otherProcess.initialize();
  }, 60_000);

  afterAll(async () => {
    if (otherProcess?.isInitialized) await otherProcess.destroy();
    await db?.close();
  });

  it('lets one site process write at a time and frees the lock afterwards', async () => {
    let release: () => void = () => undefined;
    const held = withRegistryLock(
      db.dataSource,
      'busy',
      () => new Promise<string>((resolve) => (release = () => resolve('first'))),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await withRegistryLock(otherProcess, 'busy', async () => 'second')).toBe('busy');
    release();
    expect(await held).toBe('first');
    expect(await withRegistryLock(otherProcess, 'busy', async () => 'second')).toBe('second');
  });
});
