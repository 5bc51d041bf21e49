import { describe, expect, it } from '@jest/globals';
import { ConnectionIds } from './connection-id.js';

const secret = Buffer.alloc(32, 7);
const ids = new ConnectionIds(secret);
const ip = Buffer.from([127, 0, 0, 1]);
const T = Date.UTC(2026, 11, 7, 12, 0, 0);
const MIN = 60_000;

describe('ConnectionIds', () => {
  it('accepts an id at the address and port it was minted for', () => {
    const id = ids.mint(ip, 6881, T);
    expect(id).toHaveLength(8);
    expect(ids.accepts(id, ip, 6881, T)).toBe(true);
  });

  it('refuses it from another address, another port, or under another secret', () => {
    const id = ids.mint(ip, 6881, T);
    expect(ids.accepts(id, Buffer.from([127, 0, 0, 2]), 6881, T)).toBe(false);
    expect(ids.accepts(id, ip, 6882, T)).toBe(false);
    expect(ids.accepts(id, Buffer.concat([Buffer.alloc(12), ip]), 6881, T)).toBe(false);
    expect(new ConnectionIds(Buffer.alloc(32, 8)).accepts(id, ip, 6881, T)).toBe(false);
  });

  it('is accepted by another process holding the same secret (a fleet behind one address)', () => {
    expect(new ConnectionIds(Buffer.alloc(32, 7)).accepts(ids.mint(ip, 1, T), ip, 1, T + 1000)).toBe(true);
  });

  it('stays valid for at least 2 minutes and at most 3 (BEP 15), wherever in its minute it was minted', () => {
    for (const offset of [0, 1, 30_000, MIN - 1]) {
      const minted = T + offset;
      const id = ids.mint(ip, 6881, minted);
      expect(ids.accepts(id, ip, 6881, minted + 2 * MIN)).toBe(true);
      expect(ids.accepts(id, ip, 6881, minted + 3 * MIN)).toBe(false);
    }
  });

  it('tolerates a minting clock up to one window ahead, not more', () => {
    const id = ids.mint(ip, 6881, T + MIN);
    expect(ids.accepts(id, ip, 6881, T)).toBe(true);
    expect(ids.accepts(ids.mint(ip, 6881, T + 2 * MIN), ip, 6881, T)).toBe(false);
  });

  it('refuses an id whose window byte or any MAC bit was changed, or of the wrong length', () => {
    const id = ids.mint(ip, 6881, T);
    for (let bit = 0; bit < 64; bit++) {
      const forged = Buffer.from(id);
      forged[bit >> 3] ^= 1 << (bit & 7);
      expect(ids.accepts(forged, ip, 6881, T)).toBe(false);
    }
    expect(ids.accepts(id.subarray(0, 7), ip, 6881, T)).toBe(false);
  });

  it('does not accept an old id once its window byte wraps around (256 minutes later)', () => {
    const id = ids.mint(ip, 6881, T);
    expect(ids.accepts(id, ip, 6881, T + 256 * MIN)).toBe(false);
  });

  it('refuses a secret shorter than 16 bytes', () => {
    expect(() => new ConnectionIds(Buffer.alloc(15))).toThrow(RangeError);
  });
});
