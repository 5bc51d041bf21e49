import { describe, expect, it } from '@jest/globals';
import { maskPasskeys } from './mask-passkeys.js';

describe('maskPasskeys', () => {
  it('keeps only the first four characters of anything passkey-shaped', () => {
    expect(maskPasskeys('/announce/0123456789ABCDEF0123456789abcdef?x=1')).toBe('/announce/0123…?x=1');
    expect(
      maskPasskeys('passkey=ffffffffffffffffffffffffffffffff&passkey=00000000000000000000000000000000'),
    ).toBe('passkey=ffff…&passkey=0000…');
  });

  it('leaves shorter hex (peer ids, ports) alone', () => {
    expect(maskPasskeys('peer 2d5452343030 port 6881')).toBe('peer 2d5452343030 port 6881');
  });
});
