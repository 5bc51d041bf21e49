import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { projectConfig } from '../../tools/jest/project-config.js';

export default projectConfig('announcer', path.dirname(fileURLToPath(import.meta.url)));
