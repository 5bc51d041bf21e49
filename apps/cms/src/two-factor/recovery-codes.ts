import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../security/secure-tokens.js';

export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: a code copied by hand from paper must read back unambiguously. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const CODE_LENGTH = 10;

function randomCode(): string {
  // 31 symbols: rejection sampling keeps every symbol equally likely.
  let code = '';
  while (code.length < CODE_LENGTH) {
    for (const byte of randomBytes(CODE_LENGTH * 2)) {
      if (byte < 248 && code.length < CODE_LENGTH) code += ALPHABET[byte % ALPHABET.length];
    }
  }
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Ten fresh codes like `k7m2p-x9qrt` (about 50 bits each), to show once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, randomCode);
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

/**
 * What is stored: the SHA-256 of the normalized code. 50 random bits need no slow hash; a
 * guess is also bounded by the login throttle.
 */
export function hashRecoveryCode(input: string): string {
  return sha256Hex(`recovery:${normalizeRecoveryCode(input)}`);
}

/** A plausible recovery code (so a six-digit TOTP code is never looked up as one). */
export function looksLikeRecoveryCode(input: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`).test(normalizeRecoveryCode(input));
}
