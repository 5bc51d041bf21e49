import { Injectable } from '@nestjs/common';
import { AccountTokensRepository } from '../account-tokens/account-tokens.repository.js';
import { LoginLimiter, SessionStore } from '@tracker/core';
import { DomainError, invalid } from '../errors/domain-error.js';
import { FieldCheck } from '../forms/form-errors.js';
import { Mailer } from '../mail/mailer.service.js';
import { verifyPassword } from '../security/password-hasher.js';
import { SettingsService } from '../settings/settings.service.js';
import type { User } from '../users/user.entity.js';
import { checkEmail, checkPassword } from '../users/user-input.js';
import { UsersService } from '../users/users.service.js';
import { PASSWORD_TEXT, resetMail } from './messages.js';

export interface NewPasswordInput {
  password: string;
  confirm: string;
}

export interface PasswordChangeInput extends NewPasswordInput {
  current: string;
}

/** Records the new password's own problems and the mismatch with its repetition. */
function checkNewPassword(check: FieldCheck, input: NewPasswordInput): void {
  try {
    checkPassword(input.password);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    check.fail('password', err.message);
  }
  if (input.confirm !== input.password) check.fail('confirm', PASSWORD_TEXT.mismatch);
}

/**
 * Changing the password (the current one required) and resetting a forgotten one by a
 * single-use link mailed to the account's address. Both end every other session of the user.
 */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: AccountTokensRepository,
    private readonly mailer: Mailer,
    private readonly settings: SettingsService,
    private readonly sessions: SessionStore,
    private readonly limiter: LoginLimiter,
  ) {}

  /** Checks every field at once; keeps `currentSessionId`, ends the user's other sessions. */
  async change(user: User, input: PasswordChangeInput, currentSessionId: string | undefined): Promise<void> {
    const check = new FieldCheck();
    if (!input.current) check.fail('current', PASSWORD_TEXT.currentRequired);
    else if (!(await verifyPassword(input.current, user.passwordHash))) {
      check.fail('current', PASSWORD_TEXT.currentWrong);
    }
    checkNewPassword(check, input);
    if (!check.has('current') && !check.has('password') && input.password === input.current) {
      check.fail('password', PASSWORD_TEXT.sameAsCurrent);
    }
    check.throwIfAny();
    await this.users.setPassword(user.id, input.password);
    await this.sessions.deleteForUser(user.id, currentSessionId);
    await this.tokens.revokeAll(user.id, 'reset');
  }

  /**
   * Mails a reset link when an active account has this address. The caller gives the same
   * answer whatever happens here; the mail leaves in the background, so the timing tells
   * nothing either. Throttled per address and per client like logins (against mail bombing).
   */
  async requestReset(input: string, ip: string): Promise<void> {
    const email = checkEmail(input);
    const subject = `reset:${email}`;
    if (await this.limiter.isBlocked(`mail:${ip}`, subject)) return;
    await this.limiter.recordFailure(`mail:${ip}`, subject);
    const user = await this.users.findByEmail(email);
    if (!user || user.disabled) return;
    const token = await this.tokens.issue('reset', user.id);
    const { siteName } = await this.settings.get();
    const link = this.mailer.link(`/password/reset/${token}`);
    this.mailer.sendLater(resetMail(siteName, user.username, user.email, link));
  }

  async isResetLinkValid(token: string): Promise<boolean> {
    return (await this.tokens.peek('reset', token)) !== null;
  }

  /**
   * Sets the new password with a reset link. The fields are checked before the link is used,
   * so a typo does not cost the link. Every session of the user ends; the address counts as
   * confirmed (the link reached it).
   */
  async reset(token: string, input: NewPasswordInput): Promise<void> {
    const check = new FieldCheck();
    checkNewPassword(check, input);
    check.throwIfAny();
    const used = await this.tokens.consume('reset', token);
    if (!used) throw invalid(PASSWORD_TEXT.linkInvalid);
    await this.users.setPassword(used.userId, input.password);
    await this.users.confirmEmail(used.userId);
    await this.sessions.deleteForUser(used.userId);
    await this.tokens.revokeAll(used.userId, 'reset');
  }
}
