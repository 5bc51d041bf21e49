import { describe, expect, it } from '@jest/globals';
import {
  decodeStoredToken,
  encodeStoredToken,
  newSetupToken,
  SETUP_TOKEN_TTL_MS,
  setupTokenState,
} from './setup-token.js';

describe('first-admin setup tokens', () => {
  const now = 1_800_000_000_000;
  const { token, stored } = newSetupToken(now);

  it('stores only a hash, with a deadline one hour out, and reads it back', () => {
    expect(stored.hash).not.toContain(token);
    expect(stored.expiresAt).toBe(now + SETUP_TOKEN_TTL_MS);
    expect(decodeStoredToken(encodeStoredToken(stored))).toEqual(stored);
    expect(decodeStoredToken('garbage')).toBeNull();
  });

  it('is valid within the hour, expired after it, unknown when not the stored one', () => {
    expect(setupTokenState(token, stored, now + SETUP_TOKEN_TTL_MS - 1)).toBe('valid');
    expect(setupTokenState(token, stored, now + SETUP_TOKEN_TTL_MS)).toBe('expired');
    expect(setupTokenState(newSetupToken(now).token, stored, now)).toBe('unknown');
    expect(setupTokenState(token, null, now)).toBe('unknown');
    expect(setupTokenState('<script>', stored, now)).toBe('unknown');
  });
});
