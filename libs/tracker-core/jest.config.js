import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { projectConfig } from '../../tools/jest/project-config.js';

export default projectConfig('tracker-core', path.dirname(fileURLToPath(import.meta.url)));
