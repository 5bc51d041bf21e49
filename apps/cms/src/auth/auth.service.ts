import { Injectable } from '@nestjs/common';
import { LoginLimiter, type SessionClient, SessionStore } from '@tracker/core';
import { DomainError } from '../errors/domain-error.js';
import { InvitesService } from '../invites/invites.service.js';
import { dummyPasswordHash, verifyPassword } from '../security/password-hasher.js';
import { SettingsService } from '../settings/settings.service.js';
import { TwoFactorService } from '../two-factor/two-factor.service.js';
import type { User } from '../users/user.entity.js';
import { checkNewUser } from '../users/user-input.js';
import { UsersService } from '../users/users.service.js';
import { LOGIN_TEXT } from './messages.js';
import { SESSION_TTL_MS } from './session-policy.js';

/** One message for every failed login: it must not tell whether the account exists. */
export const LOGIN_FAILED = LOGIN_TEXT.failed;
export const LOGIN_THROTTLED = LOGIN_TEXT.throttled;

/** The password was right, but the account still waits for its sign-up confirmation link. */
export class EmailUnconfirmedError extends DomainError {
  constructor() {
    super('forbidden', LOGIN_TEXT.unconfirmed);
  }
}

export interface RegistrationInput {
  username?: unknown;
  email?: unknown;
  password?: unknown;
  invite?: unknown;
}

/** A login either starts a session, or (two-factor on) waits for the code. */
export type LoginOutcome =
  | { readonly kind: 'session'; readonly user: User; readonly sessionId: string }
  | { readonly kind: 'second-factor'; readonly user: User };

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly invites: InvitesService,
    private readonly settings: SettingsService,
    private readonly sessions: SessionStore,
    private readonly limiter: LoginLimiter,
    private readonly twoFactor: TwoFactorService,
  ) {}

  /**
   * Checks the credentials; starts a session unless the account has two-factor sign-in, whose
   * code completeSecondFactor then checks. The failure counter of the name is cleared only by
   * a complete login, so that the password cannot reset the budget for guessing codes.
   */
  async login(username: string, password: string, ip: string, client: SessionClient): Promise<LoginOutcome> {
    if (await this.limiter.isBlocked(ip, username)) throw new DomainError('too-many', LOGIN_THROTTLED);
    const user = username ? await this.users.findByUsername(username) : null;
    // Always pay for one hash so the response time does not reveal unknown usernames.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok || user.disabled) {
      await this.limiter.recordFailure(ip, username);
      throw new DomainError('unauthorized', LOGIN_FAILED);
    }
    if (!user.emailConfirmed && (await this.settings.get()).requireEmailConfirmation) {
      throw new EmailUnconfirmedError();
    }
    if (await this.twoFactor.isEnabled(user.id)) return { kind: 'second-factor', user };
    return { kind: 'session', user, sessionId: await this.startSession(user, client) };
  }

  /** The second step: a TOTP or recovery code of the user the pending login names; the new session id. */
  async completeSecondFactor(
    userId: number,
    code: string,
    ip: string,
    client: SessionClient,
  ): Promise<string> {
    const user = await this.users.findById(userId);
    if (!user || user.disabled) throw new DomainError('unauthorized', LOGIN_FAILED);
    if (await this.limiter.isBlocked(ip, user.username)) throw new DomainError('too-many', LOGIN_THROTTLED);
    if (!(await this.twoFactor.verifySecondFactor(user.id, code))) {
      await this.limiter.recordFailure(ip, user.username);
      throw new DomainError('unauthorized', LOGIN_TEXT.wrongCode);
    }
    return this.startSession(user, client);
  }

  logout(sessionId: string): Promise<void> {
    return this.sessions.destroy(sessionId);
  }

  async registrationMode(): Promise<'open' | 'invite'> {
    return (await this.settings.get()).registrationMode;
  }

  /** Whether a new account must follow the mailed link before it can log in. */
  async confirmationRequired(): Promise<boolean> {
    return (await this.settings.get()).requireEmailConfirmation;
  }

  /** Creates a `user` account; in invite mode it consumes a valid invite code. */
  async register(input: RegistrationInput): Promise<User> {
    const checked = { ...checkNewUser(input), emailConfirmed: !(await this.confirmationRequired()) };
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

  private async startSession(user: User, client: SessionClient): Promise<string> {
    await this.limiter.recordSuccess(user.username);
    return this.sessions.create(user.id, SESSION_TTL_MS, client);
  }
}
