import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppConfig, parseCmsConfig } from '../../src/config/cms-config.js';
import { createApp, type CreateAppOptions } from '../../src/create-app.js';
import { HttpClient } from './http-client.js';
import { createTestDatabase } from './test-database.js';

export type TestDatabase = 'sqlite' | 'mariadb';

export interface TestAppOptions {
  database: TestDatabase;
  /** Extra environment, as the CMS would read it (e.g. { REGISTRATION_MODE: 'invite' }). */
  env?: Record<string, string>;
  /** Injected into createApp (e.g. the embedded stores, shorter swarm-count timings). */
  appOptions?: CreateAppOptions;
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  database: TestDatabase;
  /** A new cookie-keeping client for this app (one per simulated browser). */
  client(): HttpClient;
  close(): Promise<void>;
}

/** The database the suite runs on: TEST_DB=mariadb switches every suite that asks for the default. */
export function defaultTestDatabase(): TestDatabase {
  return process.env['TEST_DB'] === 'mariadb' ? 'mariadb' : 'sqlite';
}

/**
 * Boots the whole CMS on port 0 against a fresh in-memory SQLite or a fresh MariaDB database
 * (created, migrated at boot, dropped on close). Fails, never skips, when MariaDB is down.
 */
export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  const db = options.database === 'mariadb' ? await createTestDatabase() : undefined;
  const config = parseCmsConfig({
    SESSION_SECRET: 'test-secret-test-secret-test-secret!',
    CMS_SQLITE_PATH: ':memory:',
    LOG_LEVEL: 'error',
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...options.env,
  });
  let app: NestExpressApplication;
  try {
    app = await createApp(config, options.appOptions);
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await db?.drop();
    throw err;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const testApp: TestApp = {
    app,
    config,
    dataSource: app.get(DataSource),
    baseUrl,
    database: options.database,
    client: () => new HttpClient(testApp),
    close: async () => {
      await app.close();
      await db?.drop();
    },
  };
  return testApp;
}
