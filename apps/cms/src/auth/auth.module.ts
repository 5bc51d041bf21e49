import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/cms-config.js';
import { InvitesModule } from '../invites/invites.module.js';
import { registryKeySchema } from '../registry/registry-tokens.js';
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

/** Redis when REDIS_URL is set (closed with the app), else the database table. */
const sessionStoreProvider = {
  provide: SessionStore,
  inject: [AppConfig, DbSessionStore],
  useFactory: (config: AppConfig, db: DbSessionStore): SessionStore =>
    config.redisUrl ? new RedisSessionStore(new Redis(config.redisUrl), registryKeySchema(config)) : db,
};

/** Redis when REDIS_URL is set, so every CMS process counts against one budget; else memory. */
const loginLimiterProvider = {
  provide: LoginLimiter,
  inject: [AppConfig],
  useFactory: (config: AppConfig): LoginLimiter =>
    config.redisUrl
      ? new RedisLoginLimiter(new Redis(config.redisUrl), registryKeySchema(config))
      : new MemoryLoginLimiter(),
};

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Session]), InvitesModule],
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
  exports: [SessionStore, SessionMiddleware, LoginGuard, RoleGuard],
})
export class AuthModule {}
