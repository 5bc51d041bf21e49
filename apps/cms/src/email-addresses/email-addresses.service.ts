import { Injectable } from '@nestjs/common';
import { AccountTokensRepository } from '../account-tokens/account-tokens.repository.js';
import { LoginLimiter } from '@tracker/core';
import { DomainError, invalid } from '../errors/domain-error.js';
import { FieldCheck } from '../forms/form-errors.js';
import { Mailer } from '../mail/mailer.service.js';
import { verifyPassword } from '../security/password-hasher.js';
import { SettingsService } from '../settings/settings.service.js';
import type { User } from '../users/user.entity.js';
import { checkEmail } from '../users/user-input.js';
import { UsersService } from '../users/users.service.js';
import { changeConfirmationMail, changeNoticeMail, EMAIL_TEXT, signupConfirmationMail } from './messages.js';

export interface EmailChangeInput {
  email: string;
  password: string;
}

/**
 * Confirming the address given at sign-up (when the site requires it) and moving an account
 * to a new address, each by a single-use link mailed to the address being confirmed.
 */
@Injectable()
export class EmailAddressesService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: AccountTokensRepository,
    private readonly mailer: Mailer,
    private readonly settings: SettingsService,
    private readonly limiter: LoginLimiter,
  ) {}

  async sendSignupConfirmation(user: User): Promise<void> {
    const token = await this.tokens.issue('confirm_email', user.id);
    const { siteName } = await this.settings.get();
    const link = this.mailer.link(`/email/confirm/${token}`);
    this.mailer.sendLater(signupConfirmationMail(siteName, user.username, user.email, link));
  }

  /**
   * Sends a new link to an unconfirmed account with this address. The caller answers the same
   * whatever happens here (the address may be unknown, confirmed or throttled).
   */
  async resendSignupConfirmation(input: string, ip: string): Promise<void> {
    const email = checkEmail(input);
    const subject = `confirm:${email}`;
    if (await this.limiter.isBlocked(`mail:${ip}`, subject)) return;
    await this.limiter.recordFailure(`mail:${ip}`, subject);
    const user = await this.users.findByEmail(email);
    if (user && !user.emailConfirmed && !user.disabled) await this.sendSignupConfirmation(user);
  }

  async isSignupLinkValid(token: string): Promise<boolean> {
    return (await this.tokens.peek('confirm_email', token)) !== null;
  }

  async confirmSignup(token: string): Promise<void> {
    const used = await this.tokens.consume('confirm_email', token);
    if (!used) throw invalid(EMAIL_TEXT.linkInvalid);
    await this.users.confirmEmail(used.userId);
    await this.tokens.revokeAll(used.userId, 'confirm_email');
  }

  /** Checks the form (every error at once), then mails a link to the new address. */
  async requestChange(user: User, input: EmailChangeInput): Promise<void> {
    const check = new FieldCheck();
    let email = '';
    try {
      email = checkEmail(input.email);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      check.fail('email', err.message);
    }
    if (email && email === user.email) check.fail('email', EMAIL_TEXT.sameAddress);
    if (!input.password) check.fail('password', EMAIL_TEXT.passwordRequired);
    else if (!(await verifyPassword(input.password, user.passwordHash))) {
      check.fail('password', EMAIL_TEXT.wrongPassword);
    }
    check.throwIfAny();
    const token = await this.tokens.issue('change_email', user.id, email);
    const { siteName } = await this.settings.get();
    const link = this.mailer.link(`/email/change/${token}`);
    this.mailer.sendLater(changeConfirmationMail(siteName, user.username, email, link));
    this.mailer.sendLater(changeNoticeMail(siteName, user.username, user.email, email));
  }

  /** The address a change link would move to, or null when the link is not valid. */
  async pendingChange(token: string): Promise<string | null> {
    return (await this.tokens.peek('change_email', token))?.newEmail ?? null;
  }

  async confirmChange(token: string): Promise<void> {
    const used = await this.tokens.consume('change_email', token);
    if (!used?.newEmail) throw invalid(EMAIL_TEXT.linkInvalid);
    await this.users.setConfirmedEmail(used.userId, used.newEmail);
    await this.tokens.revokeAll(used.userId, 'change_email');
  }
}
