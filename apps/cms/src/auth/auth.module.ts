import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { redisReady } from '@tracker/redis';
import { AppConfig } from '../config/cms-config.js';
import { EmailAddressesModule } from '../email-addresses/email-addresses.module.js';
import { InvitesModule } from '../invites/invites.module.js';
import { registryKeySchema } from '../registry/registry-tokens.js';
import { TwoFactorModule } from '../two-factor/two-factor.module.js';
import { openSiteRedis } from '../registry/site-redis-client.js';
import { AuthController } from './auth.controller.js';
import { LoginGuard, RoleGuard } from './auth.guards.js';
import { AuthService } from './auth.service.js';
import { DbSessionStore } from './db-session-store.js';
import { LoginLimiter, MemoryLoginLimiter } from './login-limiter.js';
import { RedisLoginLimiter } from './redis-login-limiter.js';
import { RedisSessionStore } from './redis-session-store.js';
import { Session } from './session.entity.js';
import { SessionStore } from './session-store.js';
import { SessionMiddleware } from './session.middleware.js';

/**
 * A fail-fast client (a page answers within the timeout while Redis is away, instead of
 * queueing), connected before the first request: without an offline queue, a command sent
 * earlier would fail. The wait is bounded (redisReady); a Redis that is down stays an outage.
 */
async function connectedRedis(url: string, name: string): Promise<Redis> {
  const client = openSiteRedis(url, name, 2000);
  await redisReady(client);
  return client;
}

/** Redis when REDIS_URL is set (closed with the app), else the database table. */
const sessionStoreProvider = {
  provide: SessionStore,
  inject: [AppConfig, DbSessionStore],
  useFactory: async (config: AppConfig, db: DbSessionStore): Promise<SessionStore> =>
    config.redisUrl
      ? new RedisSessionStore(
          await connectedRedis(config.redisUrl, 'cms-sessions'),
          registryKeySchema(config),
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
          await connectedRedis(config.redisUrl, 'cms-login-limits'),
          registryKeySchema(config),
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
  ],
  // TwoFactorModule: RoleGuard is built in every module that uses it, and needs its service.
  exports: [SessionStore, LoginLimiter, SessionMiddleware, LoginGuard, RoleGuard, TwoFactorModule],
})
export class AuthModule {}
