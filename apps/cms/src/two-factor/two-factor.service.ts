import { Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';
import type { StaffTwoFactorRule } from '../auth/staff-two-factor.js';
import { FieldCheck, FormInvalid } from '../forms/form-errors.js';
import { verifyPassword } from '../security/password-hasher.js';
import { SettingsService } from '../settings/settings.service.js';
import type { User } from '../users/user.entity.js';
import { hasRole } from '../users/user-input.js';
import { TWO_FACTOR_TEXT } from './messages.js';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import { TwoFactorRepository } from './two-factor.repository.js';
import { newTotpSecret, qrCodeDataUrl, totpUri, verifyTotp } from './totp.js';

export interface Enrolment {
  readonly secret: string;
  readonly qrCode: string;
}

export interface TwoFactorStatus {
  readonly enabled: boolean;
  readonly unusedRecoveryCodes: number;
}

/** What proves it is the member: a current code, a recovery code, or (to turn off) the password. */
export interface Proof {
  readonly code: string;
  readonly password?: string;
}

/**
 * TOTP two-factor sign-in: enrolment (secret and QR code, confirmed by a first code), the
 * second login step, recovery codes and the staff requirement. The secret is stored as is and
 * shown only during enrolment (two-factor.entity.ts says why it is not encrypted).
 */
@Injectable()
export class TwoFactorService implements StaffTwoFactorRule {
  readonly apiRefusal = TWO_FACTOR_TEXT.staffRequiredApi;

  constructor(
    private readonly factors: TwoFactorRepository,
    private readonly settings: SettingsService,
  ) {}

  async status(userId: number): Promise<TwoFactorStatus> {
    const enabled = await this.factors.isEnabled(userId);
    return { enabled, unusedRecoveryCodes: enabled ? await this.factors.unusedRecoveryCodes(userId) : 0 };
  }

  isEnabled(userId: number): Promise<boolean> {
    return this.factors.isEnabled(userId);
  }

  /** True when the site requires two-factor sign-in of this staff account, which lacks it. */
  async mustEnrol(user: User): Promise<boolean> {
    if (!hasRole(user.role, 'editor')) return false;
    if (!(await this.settings.get()).require2faForStaff) return false;
    return !(await this.factors.isEnabled(user.id));
  }

  /** The pending secret (kept across reloads, so a scanned code stays valid) and its QR code. */
  async enrolment(user: User): Promise<Enrolment> {
    let factor = await this.factors.find(user.id);
    if (!factor) {
      await this.factors.startEnrolment(user.id, newTotpSecret());
      factor = await this.factors.find(user.id);
    }
    if (!factor || factor.enabledAt) throw new DomainError('conflict', TWO_FACTOR_TEXT.alreadyOn);
    const { siteName } = await this.settings.get();
    const uri = totpUri(siteName, user.username, factor.secret);
    return { secret: factor.secret, qrCode: await qrCodeDataUrl(uri) };
  }

  /** Turns two-factor on with the first code from the app; returns the recovery codes to show once. */
  async enable(user: User, code: string): Promise<string[]> {
    const factor = await this.factors.find(user.id);
    const step = factor && !factor.enabledAt ? await verifyTotp(factor.secret, code, null) : null;
    if (step === null) {
      throw new FormInvalid({ code: code.trim() ? TWO_FACTOR_TEXT.wrongCode : TWO_FACTOR_TEXT.codeRequired });
    }
    const codes = newRecoveryCodes();
    if (!(await this.factors.enable(user.id, step, codes.map(hashRecoveryCode)))) {
      throw new DomainError('conflict', TWO_FACTOR_TEXT.alreadyOn);
    }
    return codes;
  }

  async disable(user: User, proof: Proof): Promise<void> {
    await this.requireProof(user, proof);
    await this.factors.disable(user.id);
  }

  async regenerateRecoveryCodes(user: User, proof: Proof): Promise<string[]> {
    await this.requireProof(user, proof);
    const codes = newRecoveryCodes();
    await this.factors.replaceRecoveryCodes(user.id, codes.map(hashRecoveryCode));
    return codes;
  }

  /**
   * The second login step: a current TOTP code (each time step once) or an unused recovery
   * code (each once). False for anything else.
   */
  async verifySecondFactor(userId: number, input: string): Promise<boolean> {
    const factor = await this.factors.find(userId);
    if (!factor?.enabledAt) return false;
    if (looksLikeRecoveryCode(input)) return this.factors.useRecoveryCode(userId, hashRecoveryCode(input));
    const step = await verifyTotp(factor.secret, input, factor.lastTimeStep);
    return step !== null && (await this.factors.acceptTimeStep(userId, step));
  }

  private async requireProof(user: User, proof: Proof): Promise<void> {
    const check = new FieldCheck();
    const code = proof.code.trim();
    const password = proof.password ?? '';
    if (!code && !password) check.fail('code', TWO_FACTOR_TEXT.proofRequired);
    check.throwIfAny();
    const byCode = code !== '' && (await this.verifySecondFactor(user.id, code));
    const byPassword = !byCode && password !== '' && (await verifyPassword(password, user.passwordHash));
    if (!byCode && !byPassword) check.fail('code', TWO_FACTOR_TEXT.proofWrong);
    check.throwIfAny('unauthorized');
  }
}
