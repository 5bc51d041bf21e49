import { Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';
import { InvitesService } from '../invites/invites.service.js';
import { dummyPasswordHash, verifyPassword } from '../security/password-hasher.js';
import { SettingsService } from '../settings/settings.service.js';
import type { User } from '../users/user.entity.js';
import { checkNewUser } from '../users/user-input.js';
import { UsersService } from '../users/users.service.js';
import { LoginLimiter } from './login-limiter.js';
import { SESSION_TTL_MS, SessionStore } from './session-store.js';

/** One message for every failed login: it must not tell whether the account exists. */
export const LOGIN_FAILED = 'Wrong username or password, or the account is disabled.';
export const LOGIN_THROTTLED = 'Too many failed logins. Wait a few minutes and try again.';

export interface RegistrationInput {
  username?: unknown;
  email?: unknown;
  password?: unknown;
  invite?: unknown;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly invites: InvitesService,
    private readonly settings: SettingsService,
    private readonly sessions: SessionStore,
    private readonly limiter: LoginLimiter,
  ) {}

  /** Checks the credentials and starts a session; returns the new session id. */
  async login(username: string, password: string, ip: string): Promise<{ user: User; sessionId: string }> {
    if (await this.limiter.isBlocked(ip, username)) throw new DomainError('too-many', LOGIN_THROTTLED);
    const user = username ? await this.users.findByUsername(username) : null;
    // Always pay for one hash so the response time does not reveal unknown usernames.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok || user.disabled) {
      await this.limiter.recordFailure(ip, username);
      throw new DomainError('unauthorized', LOGIN_FAILED);
    }
    await this.limiter.recordSuccess(username);
    return { user, sessionId: await this.sessions.create(user.id, SESSION_TTL_MS) };
  }

  logout(sessionId: string): Promise<void> {
    return this.sessions.destroy(sessionId);
  }

  async registrationMode(): Promise<'open' | 'invite'> {
    return (await this.settings.get()).registrationMode;
  }

  /** Creates a `user` account; in invite mode it consumes a valid invite code. */
  async register(input: RegistrationInput): Promise<User> {
    const checked = checkNewUser(input);
    if ((await this.registrationMode()) === 'open') return this.users.create(checked);
    const inviteId = await this.invites.claim(typeof input.invite === 'string' ? input.invite : '');
    try {
      const user = await this.users.create(checked);
      await this.invites.attach(inviteId, user.id);
      return user;
    } catch (err) {
      await this.invites.release(inviteId);
      throw err;
    }
  }
}
