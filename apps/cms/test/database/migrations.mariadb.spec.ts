import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { entities } from '../../src/entities.js';
import { migrations } from '../../src/database/migrations/index.js';
import { createTestDatabase } from '../support/index.js';

describe('MySQL migrations on a fresh MariaDB database', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    dataSource = new DataSource(
      buildDataSourceOptions({ databaseUrl: db.url, sqlitePath: ':memory:' }, entities),
    );
    await dataSource.initialize();
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await drop?.();
  });

  it('runs every listed migration at boot', async () => {
    const rows: Array<{ name: string }> = await dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
  });

  it('leaves no difference between the migrated schema and the entities', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('never synchronizes against MySQL', () => {
    expect(dataSource.options.synchronize).toBe(false);
  });
});
