import { describe, expect, it } from '@jest/globals';
import { bearerTokenMatches } from './bearer-token.js';

const token = 'metrics-token-0123456789';

describe('bearerTokenMatches', () => {
  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${token}`],
    ['a wrong token', 'Bearer metrics-token-0123456780'],
    ['a prefix of the token', 'Bearer metrics-token'],
    ['the token with more after it', `Bearer ${token}x`],
    ['two words', `Bearer ${token} more`],
  ])('refuses %s', (_case, header) => {
    expect(bearerTokenMatches(header, token)).toBe(false);
  });

  it('accepts the bearer token, scheme in any case, spaces around', () => {
    expect(bearerTokenMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerTokenMatches(`bearer  ${token} `, token)).toBe(true);
  });
});
