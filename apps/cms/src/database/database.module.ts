import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/cms-config.js';
import { buildDataSourceOptions, type SiteEntities } from './data-source-options.js';
import { SqlReader, sqlReaderFor } from './sql-reader.js';
import { UnitOfWork } from './unit-of-work.js';

/**
 * The data source on the entities the composition root lists (src/entities.ts), and the
 * hand-written-SQL reader on it for the hot read paths, and the transactions services open
 * (global).
 */
@Module({})
export class DatabaseModule {
  static forRoot(entities: SiteEntities): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          // Fail the boot at once with the driver's error instead of retrying for minutes.
          useFactory: (config: AppConfig) => ({
            ...buildDataSourceOptions(config, entities),
            retryAttempts: 0,
          }),
        }),
      ],
      providers: [{ provide: SqlReader, inject: [DataSource], useFactory: sqlReaderFor }, UnitOfWork],
      exports: [SqlReader, UnitOfWork],
    };
  }
}
