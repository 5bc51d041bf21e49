import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { parseCmsConfig } from './config/cms-config.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { entities } from './entities.js';

/** For the TypeORM CLI only (migration:generate / run / show), from the compiled dist. */
const config = parseCmsConfig({ SESSION_SECRET: 'x'.repeat(32), ...process.env });
export default new DataSource({ ...buildDataSourceOptions(config, entities), migrationsRun: false });
