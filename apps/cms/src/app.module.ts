import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AdminModule } from './admin/admin.module.js';
import { ApiModule } from './api/api.module.js';
import { ApiTokensModule } from './api-tokens/api-tokens.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CategoriesModule } from './categories/categories.module.js';
import { CategoryNavMiddleware } from './categories/category-nav.middleware.js';
import { SessionMiddleware } from './auth/session.middleware.js';
import type { AppConfig } from './config/cms-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { FeedsModule } from './feeds/feeds.module.js';
import { HealthController } from './health/health.controller.js';
import { RegistryModule } from './registry/registry.module.js';
import { ReleasesModule } from './releases/releases.module.js';
import { LayoutLocalsMiddleware } from './settings/layout-locals.middleware.js';
import { SettingsModule } from './settings/settings.module.js';
import { StatsModule } from './stats/stats.module.js';
import { AccountModule } from './users/account.module.js';
import { UsersModule } from './users/users.module.js';

/** Feature modules of the site; each engineer adds their own lines. */
const featureModules = [
  UsersModule,
  SettingsModule,
  AuthModule,
  ApiTokensModule,
  AccountModule,
  AdminModule,
  CategoriesModule,
  ReleasesModule,
  FeedsModule,
  ApiModule,
  RegistryModule,
  StatsModule,
];

@Module({ controllers: [HealthController] })
export class AppModule implements NestModule {
  static register(config: AppConfig): DynamicModule {
    return { module: AppModule, imports: [ConfigModule.forRoot(config), DatabaseModule, ...featureModules] };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware, LayoutLocalsMiddleware, CategoryNavMiddleware).forRoutes('*path');
  }
}
