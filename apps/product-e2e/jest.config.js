import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { projectConfig } from '../../tools/jest/project-config.js';

// End-to-end tests start the BUILT apps as separate processes (npm test builds first): every
// spec of this project is in the e2e tier.
export default {
  ...projectConfig('product-e2e', path.dirname(fileURLToPath(import.meta.url)), 'e2e'),
  testTimeout: 180000,
};
