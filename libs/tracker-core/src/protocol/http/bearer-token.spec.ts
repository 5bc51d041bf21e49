import { describe, expect, it } from '@jest/globals';
import { bearerTokenMatches, bearerTokenProblem } from './bearer-token.js';

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

describe('bearerTokenProblem', () => {
  it('refuses short tokens and tokens with spaces, takes one long word', () => {
    expect(bearerTokenProblem('short')).toMatch(/at least 16 characters/);
    expect(bearerTokenProblem('sixteen chars ok!')).toMatch(/without spaces/);
    expect(bearerTokenProblem(token)).toBeUndefined();
  });
});
