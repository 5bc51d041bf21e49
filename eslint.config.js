import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import jest from 'eslint-plugin-jest';

/**
 * Module boundaries (Nx tags):
 * - type:core   (libs/tracker-core) pure protocol/domain code: no framework, ORM, Redis
 *               client, HTTP server, logger or file system.
 * - type:adapter (libs/tracker-redis) adapters shared by both apps; the only code that may
 *               use ioredis, and framework-free: no Nest, no TypeORM or database driver.
 * - type:app    apps; may use core and adapters, never another app, and reach Redis only
 *               through tracker-redis (the scopes in `redisThroughTheLibrary`).
 */
const frameworkPackages = [
  '@nestjs/*',
  'typeorm',
  'mysql2',
  'better-sqlite3',
  'ioredis',
  'express',
  'fastify',
  'pino',
  'prom-client',
  'handlebars',
  'hbs',
];

/** What an adapter shared by both apps must not pull in: the site's framework and ORM. */
const siteFrameworkPackages = ['@nestjs/*', 'typeorm', 'mysql2', 'better-sqlite3'];

/** Apps that reach Redis only through tracker-redis (its key schema, its clients, its stores): all of them. */
const redisThroughTheLibrary = ['scope:announcer', 'scope:cms'];

export default [
  { ignores: ['**/dist', '**/node_modules', 'coverage', '.nx', 'var', 'test-output', '**/jest.config.js'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['@tracker/core/testing'],
          depConstraints: [
            {
              sourceTag: 'type:core',
              onlyDependOnLibsWithTags: ['type:core'],
              bannedExternalImports: frameworkPackages,
            },
            {
              sourceTag: 'type:adapter',
              onlyDependOnLibsWithTags: ['type:core', 'type:adapter'],
              bannedExternalImports: siteFrameworkPackages,
            },
            ...redisThroughTheLibrary.map((sourceTag) => ({
              sourceTag,
              onlyDependOnLibsWithTags: ['type:core', 'type:adapter'],
              bannedExternalImports: ['ioredis'],
            })),
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:adapter'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:core', 'type:adapter'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core does no I/O: no network, file system or process access outside tests.
    files: ['libs/tracker-core/src/**/*.ts'],
    ignores: ['libs/tracker-core/src/**/*.spec.ts', 'libs/tracker-core/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:http',
                'node:https',
                'node:net',
                'node:fs',
                'node:fs/*',
                'node:child_process',
                'node:dgram',
              ],
              message: 'tracker-core does no I/O: keep it pure.',
            },
            {
              // A regex, not a gitignore group: 'http' as a group also matched our own
              // relative folder './http/' (protocol/http holds the pure wire codecs).
              regex: '^(http|https|net|fs|fs/.*|child_process|dgram)$',
              message: 'tracker-core does no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // Apps are deployed apart and never import each other; what they share lives in libs/.
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tracker/cms', '@tracker/announcer'], message: 'apps never import each other' },
          ],
        },
      ],
    },
  },
  {
    // A focused or skipped test hides every other result: none may land.
    files: ['**/*.spec.ts', '**/*.test.js'],
    plugins: { jest },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
    },
  },
  prettier,
];
