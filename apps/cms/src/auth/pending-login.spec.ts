import { describe, expect, it } from '@jest/globals';
import { PENDING_LOGIN_TTL_MS, readPendingLogin, signPendingLogin } from './pending-login.js';

const SECRET = 'x'.repeat(40);
const BROWSER = 'b'.repeat(43);
const NOW = 1_800_000_000_000;

describe('pending login token', () => {
  it('names the user for the same browser within five minutes', () => {
    const token = signPendingLogin(SECRET, 42, BROWSER, NOW);
    expect(readPendingLogin(SECRET, token, BROWSER, NOW + 1000)).toBe(42);
  });

  it('is refused once expired, from another browser, with another secret or altered', () => {
    const token = signPendingLogin(SECRET, 42, BROWSER, NOW);
    expect(readPendingLogin(SECRET, token, BROWSER, NOW + PENDING_LOGIN_TTL_MS)).toBeNull();
    expect(readPendingLogin(SECRET, token, 'c'.repeat(43), NOW)).toBeNull();
    expect(readPendingLogin('y'.repeat(40), token, BROWSER, NOW)).toBeNull();
    expect(readPendingLogin(SECRET, token.replace(/^42\./, '43.'), BROWSER, NOW)).toBeNull();
    for (const junk of ['', '42', '42.1.abc', `${token}x`]) {
      expect(readPendingLogin(SECRET, junk, BROWSER, NOW)).toBeNull();
    }
  });
});
