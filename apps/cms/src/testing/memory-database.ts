import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../database/data-source-options.js';
import { entities } from '../entities.js';

/**
 * A fresh in-memory SQLite database with the site's whole schema, for the unit tier: services
 * run against real repositories and real SQL without any server. Destroy it after the suite.
 */
export async function memoryDatabase(): Promise<DataSource> {
  const dataSource = new DataSource(
    buildDataSourceOptions({ databaseUrl: undefined, sqlitePath: ':memory:' }, entities),
  );
  return dataSource.initialize();
}
