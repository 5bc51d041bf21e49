// Shared Jest settings for every Nx project: native ESM, ts-jest transpile-only
// (the `typecheck` target type-checks specs), and workspace libs mapped to source.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Test tiers, chosen by where a spec file lives (TEST_TIER; unset runs all three):
 * - unit: `src/**` beside the code; pure, no servers, no build.
 * - integration: `test/**` of a project: real MariaDB, Redis, SQLite, the built apps.
 * - e2e: `test/e2e/**`, `test/browser/**` and the product-e2e project: real BitTorrent
 *   clients, the browser, the crash test.
 */
const TIER_MATCH = {
  unit: ['<rootDir>/src/**/*.spec.ts'],
  integration: ['<rootDir>/test/**/*.spec.ts'],
  e2e: ['<rootDir>/test/e2e/**/*.spec.ts', '<rootDir>/test/browser/**/*.spec.ts'],
};
const E2E_FOLDERS = ['<rootDir>/test/e2e/', '<rootDir>/test/browser/'];

export function testTier() {
  const tier = process.env.TEST_TIER ?? 'all';
  if (!['unit', 'integration', 'e2e', 'all'].includes(tier)) {
    throw new Error(`TEST_TIER must be unit, integration, e2e or all, not "${tier}"`);
  }
  return tier;
}

/** The spec globs of a project for the current tier; `wholeProjectTier` puts every spec in one tier. */
function tierSelection(wholeProjectTier) {
  const tier = testTier();
  const all = [...TIER_MATCH.unit, ...TIER_MATCH.integration];
  // The root config leaves such a project out of the other tiers.
  if (wholeProjectTier !== undefined) return { testMatch: ['<rootDir>/src/**/*.spec.ts'] };
  if (tier === 'all') return { testMatch: all };
  if (tier === 'integration')
    return { testMatch: TIER_MATCH.integration, testPathIgnorePatterns: E2E_FOLDERS };
  return { testMatch: TIER_MATCH[tier] };
}

export function projectConfig(displayName, projectDir, wholeProjectTier) {
  return {
    displayName,
    rootDir: projectDir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
    testTimeout: 30000,
    ...tierSelection(wholeProjectTier),
    moduleNameMapper: {
      '^@tracker/core/testing$': path.join(root, 'libs/tracker-core/src/testing/index.ts'),
      '^@tracker/core$': path.join(root, 'libs/tracker-core/src/index.ts'),
      '^@tracker/redis$': path.join(root, 'libs/tracker-redis/src/index.ts'),
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    transform: {
      '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: path.join(projectDir, 'tsconfig.spec.json') }],
    },
  };
}
