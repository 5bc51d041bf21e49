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
import { LoginLimiter } from './login-limiter.js';
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

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Session]), InvitesModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    DbSessionStore,
    sessionStoreProvider,
    { provide: LoginLimiter, useFactory: () => new LoginLimiter() },
    SessionMiddleware,
    LoginGuard,
    RoleGuard,
  ],
  exports: [SessionStore, SessionMiddleware, LoginGuard, RoleGuard],
})
export class AuthModule {}
