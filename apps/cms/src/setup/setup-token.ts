import { randomToken, safeEqual, sha256Hex } from '../security/secure-tokens.js';

/** How long a first-admin setup link works after it was printed. */
export const SETUP_TOKEN_TTL_MS = 60 * 60 * 1000;

/** What the database keeps: the token's SHA-256, never the token itself, and its deadline. */
export interface StoredSetupToken {
  readonly hash: string;
  readonly expiresAt: number;
}

export type SetupTokenState = 'valid' | 'expired' | 'unknown';

/** 32 random bytes, base64url: 43 characters, the only shape a link can carry. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const STORED_SHAPE = /^(\d{1,16})\.([0-9a-f]{64})$/;

export function newSetupToken(now: number): { token: string; stored: StoredSetupToken } {
  const token = randomToken(32);
  return { token, stored: { hash: sha256Hex(token), expiresAt: now + SETUP_TOKEN_TTL_MS } };
}

/** `<expiresAt ms>.<sha256 hex>`: fits the settings table's 500-character value. */
export function encodeStoredToken(stored: StoredSetupToken): string {
  return `${stored.expiresAt}.${stored.hash}`;
}

/** Null for anything this code did not write (a hand-edited row counts as no token). */
export function decodeStoredToken(value: string): StoredSetupToken | null {
  const match = STORED_SHAPE.exec(value);
  if (!match?.[1] || !match[2]) return null;
  return { expiresAt: Number(match[1]), hash: match[2] };
}

/**
 * Pure: whether a token from a link is the stored one and still in time. A used or replaced
 * token is no longer stored, so it is `unknown`, like one that never existed.
 */
export function setupTokenState(
  token: string,
  stored: StoredSetupToken | null,
  now: number,
): SetupTokenState {
  if (!stored || !TOKEN_SHAPE.test(token) || !safeEqual(sha256Hex(token), stored.hash)) return 'unknown';
  return now < stored.expiresAt ? 'valid' : 'expired';
}
