import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, MoreThan, type Repository } from 'typeorm';
import { randomToken, sha256Hex } from '../security/secure-tokens.js';
import { AccountToken, type AccountTokenKind } from './account-token.entity.js';

/** How long each kind of link works. */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenKind, number> = {
  reset: 3600_000,
  confirm_email: 48 * 3600_000,
  change_email: 24 * 3600_000,
};

/** 32 random bytes in base64url, as the links carry them: anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Expired rows are swept a day later, by the next issue (no timer: links are rare). */
const KEEP_AFTER_EXPIRY_MS = 24 * 3600_000;

/** The mailed single-use links of the `account_token` table. */
@Injectable()
export class AccountTokensRepository {
  constructor(@InjectRepository(AccountToken) private readonly tokens: Repository<AccountToken>) {}

  /** A new link token for the user; only its SHA-256 is stored. */
  async issue(kind: AccountTokenKind, userId: number, newEmail: string | null = null): Promise<string> {
    const token = randomToken(32);
    const now = Date.now();
    await this.tokens.insert({
      kind,
      userId,
      tokenHash: sha256Hex(token),
      newEmail,
      expiresAt: new Date(now + ACCOUNT_TOKEN_TTL_MS[kind]),
      usedAt: null,
    });
    await this.tokens.delete({ expiresAt: LessThan(new Date(now - KEEP_AFTER_EXPIRY_MS)) });
    return token;
  }

  /** The unused, unexpired token of this kind, without using it (for the page the link opens). */
  async peek(kind: AccountTokenKind, token: string): Promise<AccountToken | null> {
    if (!TOKEN.test(token)) return null;
    return this.tokens.findOneBy({
      kind,
      tokenHash: sha256Hex(token),
      usedAt: IsNull(),
      expiresAt: MoreThan(new Date()),
    });
  }

  /**
   * Uses the token: one conditional UPDATE, so two clicks racing cannot both succeed. Returns
   * the token as it was, or null when unknown, of another kind, used or expired.
   */
  async consume(kind: AccountTokenKind, token: string): Promise<AccountToken | null> {
    const found = await this.peek(kind, token);
    if (!found) return null;
    const used = await this.tokens.update(
      { id: found.id, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      { usedAt: new Date() },
    );
    return used.affected === 1 ? found : null;
  }

  /** Voids every unused link of this kind of the user (a newer one was used, or the password changed). */
  async revokeAll(userId: number, kind: AccountTokenKind): Promise<void> {
    await this.tokens.update({ userId, kind, usedAt: IsNull() }, { usedAt: new Date() });
  }
}
