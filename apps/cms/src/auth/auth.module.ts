import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginLimiter, MemoryLoginLimiter, SessionStore } from '@tracker/core';
import { RedisLoginLimiter, RedisSessionStore } from '@tracker/redis';
import { AppConfig } from '../config/cms-config.js';
import { EmailAddressesModule } from '../email-addresses/email-addresses.module.js';
import { InvitesModule } from '../invites/invites.module.js';
import { TwoFactorModule } from '../two-factor/two-factor.module.js';
import { connectedSiteRedis, siteKeySchema } from '../redis/site-redis.js';
import { AuthController } from './auth.controller.js';
import { LoginGuard, RoleGuard } from './auth.guards.js';
import { AuthService } from './auth.service.js';
import { GuestGate } from './guest-gate.js';
import { DbSessionStore } from './db-session-store.js';
import { Session } from './session.entity.js';
import { SessionMiddleware } from './session.middleware.js';

/** Redis when REDIS_URL is set (closed with the app), else the database table. */
const sessionStoreProvider = {
  provide: SessionStore,
  inject: [AppConfig, DbSessionStore],
  useFactory: async (config: AppConfig, db: DbSessionStore): Promise<SessionStore> =>
    config.redisUrl
      ? new RedisSessionStore(
          await connectedSiteRedis(config.redisUrl, 'cms-sessions'),
          siteKeySchema(config),
        )
      : db,
};

/** Redis when REDIS_URL is set, so every CMS process counts against one budget; else memory. */
const loginLimiterProvider = {
  provide: LoginLimiter,
  inject: [AppConfig],
  useFactory: async (config: AppConfig): Promise<LoginLimiter> =>
    config.redisUrl
      ? new RedisLoginLimiter(
          await connectedSiteRedis(config.redisUrl, 'cms-login-limits'),
          siteKeySchema(config),
        )
      : new MemoryLoginLimiter(),
};

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Session]), InvitesModule, TwoFactorModule, EmailAddressesModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    DbSessionStore,
    sessionStoreProvider,
    loginLimiterProvider,
    SessionMiddleware,
    LoginGuard,
    RoleGuard,
    // Members only, by default: one gate for every route (guest-gate.ts).
    { provide: APP_GUARD, useClass: GuestGate },
  ],
  // TwoFactorModule: RoleGuard is built in every module that uses it, and needs its service.
  exports: [SessionStore, LoginLimiter, SessionMiddleware, LoginGuard, RoleGuard, TwoFactorModule],
})
export class AuthModule implements OnApplicationShutdown {
  constructor(
    private readonly sessions: SessionStore,
    private readonly limiter: LoginLimiter,
  ) {}

  /** The stores own their Redis connections (the database store holds none). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.sessions.close(), this.limiter.close()]);
  }
}
