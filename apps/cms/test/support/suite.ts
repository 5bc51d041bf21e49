import { afterAll, beforeAll, describe } from '@jest/globals';
import { createTestApp, type TestApp, type TestAppOptions, type TestDatabase } from './create-test-app.js';

/** Every database the site supports: the suites that take both run once on each. */
export const TEST_DATABASES: readonly TestDatabase[] = ['sqlite', 'mariadb'];

/** `describe` once per database, named `<name> (sqlite)` and `<name> (mariadb)`. */
export function describeEachDatabase(name: string, suite: (database: TestDatabase) => void): void {
  describe.each<TestDatabase>([...TEST_DATABASES])(`${name} (%s)`, suite);
}

/**
 * Boots the CMS before the tests of the enclosing `describe` and closes it after them. Call it
 * first in the describe: its beforeAll then runs before the suite's own. The returned TestApp
 * may be used from those hooks and the tests on, never while the describe is being declared.
 */
export function useTestApp(options: TestAppOptions): TestApp {
  let current: TestApp | undefined;
  const booted = (): TestApp => {
    if (!current) throw new Error('the test app is not booted yet: use it in a hook or a test');
    return current;
  };

  beforeAll(async () => {
    current = await createTestApp(options);
  }, 60_000);

  afterAll(async () => {
    await current?.close();
  });

  return {
    get app() {
      return booted().app;
    },
    get config() {
      return booted().config;
    },
    get dataSource() {
      return booted().dataSource;
    },
    get baseUrl() {
      return booted().baseUrl;
    },
    database: options.database,
    client: () => booted().client(),
    close: () => booted().close(),
  };
}
