import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/cms-config.js';
import { buildDataSourceOptions } from './data-source-options.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      // Fail the boot at once with the driver's error instead of retrying for minutes.
      useFactory: (config: AppConfig) => ({ ...buildDataSourceOptions(config), retryAttempts: 0 }),
    }),
  ],
})
export class DatabaseModule {}
