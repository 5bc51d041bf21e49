import { describe, it, expect } from '@jest/globals';
import { ClientError } from '../../errors/client-error.js';
import { parseScrapeQuery } from './parse-scrape-query.js';

const hash = (byte: number) => `info_hash=${'%'.concat(byte.toString(16).padStart(2, '0')).repeat(20)}`;

function codeOf(query: string, maxHashes = 10): string {
  try {
    parseScrapeQuery(query, { maxHashes });
  } catch (err) {
    if (err instanceof ClientError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('parseScrapeQuery', () => {
  it('returns every info_hash in request order, repeats included', () => {
    const { infoHashes } = parseScrapeQuery(`${hash(2)}&passkey=x&${hash(1)}&${hash(2)}`, { maxHashes: 10 });
    expect(infoHashes.map((h) => h.toString('hex'))).toEqual([
      '02'.repeat(20),
      '01'.repeat(20),
      '02'.repeat(20),
    ]);
  });

  it('refuses more hashes than allowed', () => {
    expect(codeOf(`${hash(1)}&${hash(2)}&${hash(3)}`, 2)).toBe('too_many_info_hashes');
  });

  it('refuses a malformed hash and a full scrape', () => {
    expect(codeOf('info_hash=abc')).toBe('invalid_info_hash');
    expect(codeOf('')).toBe('invalid_info_hash');
  });
});
