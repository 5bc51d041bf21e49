// Shared Jest settings for every Nx project: native ESM, ts-jest transpile-only
// (the `typecheck` target type-checks specs), and workspace libs mapped to source.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function projectConfig(displayName, projectDir) {
  return {
    displayName,
    rootDir: projectDir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
    testTimeout: 30000,
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
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
