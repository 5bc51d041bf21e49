import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { BencodeError } from './bencode-error.js';
import type { BencodeValue } from './bencode-value.js';
import { decodeBencode } from './decode-bencode.js';
import { encodeBencode } from './encode-bencode.js';

const safeInteger = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const byteString = fc.uint8Array({ maxLength: 40 });
/** Keys are any Unicode text except what canonical mode refuses on purpose: "__proto__" and U+FFFD. */
const dictKey = fc
  .string({ unit: 'binary', maxLength: 12 })
  .filter((key) => key !== '__proto__' && !key.includes('\uFFFD'));

const { value: bencodeValue } = fc.letrec<{ value: BencodeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    safeInteger,
    byteString,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(dictKey, tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
}));

function expectOnlyBencodeErrors(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(BencodeError);
  }
}

describe('bencode properties', () => {
  it('decode(encode(x)) equals x for arbitrary values, in canonical mode', () => {
    fc.assert(
      fc.property(bencodeValue, (value) => {
        expect(decodeBencode(encodeBencode(value))).toEqual(value);
      }),
      { numRuns: 1000 },
    );
  });

  it('encode(decode(bytes)) gives back the same bytes for canonical input', () => {
    fc.assert(
      fc.property(bencodeValue, (value) => {
        const encoded = encodeBencode(value);
        expect(encodeBencode(decodeBencode(encoded)).equals(encoded)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('random bytes never raise anything but BencodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (input, canonical) => {
        expectOnlyBencodeErrors(() => decodeBencode(input, { canonical }));
      }),
      { numRuns: 3000 },
    );
  });

  it('bencode-shaped noise never raises anything but BencodeError', () => {
    const token = fc.constantFrom('d', 'l', 'e', 'i', '-', '0', '1', '9', ':', '3:abc', 'i0e', '1:a');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), fc.boolean(), (tokens, canonical) => {
        expectOnlyBencodeErrors(() => decodeBencode(Buffer.from(tokens.join(''), 'latin1'), { canonical }));
      }),
      { numRuns: 3000 },
    );
  });
});
