import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/cms-config.js';
import { buildDataSourceOptions } from './data-source-options.js';
import { SqlReader, sqlReaderFor } from './sql-reader.js';

/** The data source, and the hand-written-SQL reader on it for the hot read paths (global). */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      // Fail the boot at once with the driver's error instead of retrying for minutes.
      useFactory: (config: AppConfig) => ({ ...buildDataSourceOptions(config), retryAttempts: 0 }),
    }),
  ],
  providers: [{ provide: SqlReader, inject: [DataSource], useFactory: sqlReaderFor }],
  exports: [SqlReader],
})
export class DatabaseModule {}
