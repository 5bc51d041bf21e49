import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AccountModule } from './account/account.module.js';
import { AccountTokensModule } from './account-tokens/account-tokens.module.js';
import { AdminModule } from './admin/admin.module.js';
import { ApiModule } from './api/api.module.js';
import { ApiTokensModule } from './api-tokens/api-tokens.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CategoriesModule } from './categories/categories.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { CategoryNavMiddleware } from './categories/category-nav.middleware.js';
import { SessionMiddleware } from './auth/session.middleware.js';
import type { AppConfig } from './config/cms-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { type EmbeddedStores, registryAndStatsModules } from './embedded/embedded-stores.js';
import { EmailAddressesModule } from './email-addresses/email-addresses.module.js';
import { entities } from './entities.js';
import { FeedsModule } from './feeds/feeds.module.js';
import { HealthController } from './health/health.controller.js';
import { MailModule } from './mail/mail.module.js';
import { PasswordsModule } from './passwords/passwords.module.js';
import { ReleasesModule } from './releases/releases.module.js';
import { RulesModule } from './rules/rules.module.js';
import { LayoutLocalsMiddleware } from './settings/layout-locals.middleware.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { SetupModule } from './setup/setup.module.js';
import { SwarmCountsModule } from './swarm-counts/swarm-counts.module.js';
import type { SwarmCountsOptions } from './swarm-counts/swarm-counts-options.js';
import { TwoFactorModule } from './two-factor/two-factor.module.js';
import { UsersModule } from './users/users.module.js';

/** Feature modules of the site; each engineer adds their own lines. */
const featureModules = [
  UsersModule,
  SettingsModule,
  AuthModule,
  ApiTokensModule,
  AccountModule,
  MailModule,
  AccountTokensModule,
  PasswordsModule,
  EmailAddressesModule,
  TwoFactorModule,
  SessionsModule,
  AdminModule,
  CategoriesModule,
  ReleasesModule,
  CommentsModule,
  FeedsModule,
  ApiModule,
  SetupModule,
  RulesModule,
];

/** What main.ts, tests or an embedding process may inject; everything else comes from config. */
export interface AppModuleOptions {
  /** One-process mode: share these stores with an announcer started in the same process. */
  readonly embedded?: EmbeddedStores | undefined;
  readonly swarmCounts?: SwarmCountsOptions | undefined;
}

@Module({ controllers: [HealthController] })
export class AppModule implements NestModule {
  static register(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(entities),
        SwarmCountsModule.forRoot({ options: options.swarmCounts, swarm: options.embedded?.swarm }),
        ...featureModules,
        ...registryAndStatsModules(options.embedded),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware, LayoutLocalsMiddleware, CategoryNavMiddleware).forRoutes('{*path}');
  }
}
