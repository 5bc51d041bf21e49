// One Jest run over every project, so `npm test` prints one summary.
export default {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/apps/*/jest.config.js'],
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.cjs'],
};
