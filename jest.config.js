import { testTier } from './tools/jest/project-config.js';

// One Jest run over every project, so `npm test` prints one summary. TEST_TIER (unit,
// integration, e2e; unset: all) picks the specs by folder (tools/jest/project-config.js);
// product-e2e is end-to-end as a whole.
const tier = testTier();
const projects = ['<rootDir>/libs/*/jest.config.js', '<rootDir>/apps/{announcer,cms}/jest.config.js'];
if (tier === 'all' || tier === 'e2e') projects.push('<rootDir>/apps/product-e2e/jest.config.js');

export default {
  projects,
  // A global option: the projects' own testTimeout is not read when they run under `projects`.
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.cjs'],
};
