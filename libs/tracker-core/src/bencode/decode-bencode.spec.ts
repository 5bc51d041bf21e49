import { describe, it, expect } from '@jest/globals';
import { Buffer } from 'node:buffer';
import { BencodeError } from './bencode-error.js';
import { ClientError } from '../errors/client-error.js';
import { decodeBencode } from './decode-bencode.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

function refusal(input: string | Uint8Array, limits?: Parameters<typeof decodeBencode>[1]): BencodeError {
  try {
    decodeBencode(typeof input === 'string' ? bytes(input) : input, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(BencodeError);
    return err as BencodeError;
  }
  throw new Error('expected decodeBencode to refuse the input');
}

describe('decodeBencode', () => {
  it('decodes integers, byte strings as bytes, lists and dictionaries', () => {
    const value = decodeBencode(bytes('d3:agei-42e4:listli1e0:e4:name4:spame'));
    expect(value).toEqual({ age: -42, list: [1, new Uint8Array(0)], name: new Uint8Array(bytes('spam')) });
  });

  it('keeps binary strings intact', () => {
    const raw = Buffer.from([0, 255, 128, 10]);
    const value = decodeBencode(Buffer.concat([bytes('4:'), raw])) as Uint8Array;
    expect(Buffer.from(value).equals(raw)).toBe(true);
  });

  it('is a ClientError whose message names the offset', () => {
    const err = refusal('li1ei02ee');
    expect(err).toBeInstanceOf(ClientError);
    expect(err.message).toBe('Invalid bencode at byte 4: integer with a leading zero');
    expect(err.code).toBe('invalid_bencode');
  });

  it.each([
    ['', 'input is empty'],
    ['i12', 'truncated'],
    ['5:abc', 'runs past the end'],
    ['l1:a', 'truncated'],
    ['d1:ai1e', 'truncated'],
    ['i-0e', 'negative zero'],
    ['i03e', 'leading zero'],
    ['03:abc', 'length with a leading zero'],
    ['ie', 'malformed integer'],
    ['i1.5e', 'malformed integer'],
    ['i--1e', 'malformed integer'],
    ['i99999999999999999e', 'out of the supported range'],
    ['x', "unexpected byte 'x'"],
    ['e', "unexpected byte 'e'"],
    ['i1ei2e', 'unexpected data after the end'],
    ['di1ei2ee', 'key is not a byte string'],
    ['d1:ae', 'key without a value'],
    ['d1:ai1e1:ai2ee', 'duplicate dictionary key "a"'],
    ['d1:bi1e1:ai2ee', 'not sorted'],
    ['d9:__proto__de1:ai1ee', '"__proto__" is not allowed'],
    ['3a:abc', 'malformed byte string length'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(refusal(input).message).toContain(reason);
  });

  it('refuses non-UTF-8 keys in canonical mode but names them in hex otherwise', () => {
    const input = Buffer.concat([bytes('d2:'), Buffer.from([0xff, 0xfe]), bytes('i1ee')]);
    expect(refusal(input).message).toContain('not valid UTF-8');
    expect(decodeBencode(input, { canonical: false })).toEqual({ fffe: 1 });
  });

  it('refuses keys holding U+FFFD in canonical mode, which the decoder could not keep as text', () => {
    const input = Buffer.concat([bytes('d3:'), Buffer.from('\uFFFD'), bytes('i1ee')]);
    expect(refusal(input).message).toContain('U+FFFD');
  });

  it('accepts unsorted keys only outside canonical mode, and never duplicates', () => {
    expect(decodeBencode(bytes('d1:bi1e1:ai2ee'), { canonical: false })).toEqual({ b: 1, a: 2 });
    expect(refusal('d1:ai1e1:bi0e1:ai2ee', { canonical: false }).message).toContain('duplicate');
  });

  it('refuses 100,000 levels of nesting with a typed error instead of a stack overflow', () => {
    const deep = Buffer.concat([Buffer.alloc(100_000, 'l'), Buffer.alloc(100_000, 'e')]);
    expect(refusal(deep).message).toContain('nested deeper than 64 levels');
  });

  it('accepts nesting up to the configured depth', () => {
    const nested = (n: number) => 'l'.repeat(n) + 'e'.repeat(n);
    expect(() => decodeBencode(bytes(nested(64)))).not.toThrow();
    expect(refusal(nested(65)).message).toContain('nested deeper');
    expect(() => decodeBencode(bytes(nested(200)), { maxDepth: 200 })).not.toThrow();
  });

  it('refuses input over the size limit before reading it', () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x30);
    const err = refusal(big);
    expect(err.message).toContain('over the limit of 10485760');
    expect(err.code).toBe('bencode_too_large');
  });

  it('refuses more items than the limit', () => {
    expect(refusal('li1ei2ei3ee', { maxItems: 3 }).message).toContain('more than 3 items');
    expect(decodeBencode(bytes('li1ei2ei3ee'), { maxItems: 4 })).toEqual([1, 2, 3]);
  });

  it('refuses a dictionary with more keys than the limit, in either mode', () => {
    expect(refusal('d1:ai1e1:bi2e1:ci3ee', { maxDictKeys: 2 }).message).toBe(
      'Invalid bencode at byte 13: dictionary with more than 2 keys',
    );
    expect(refusal('d1:ci3e1:ai1e1:bi2ee', { maxDictKeys: 2, canonical: false }).message).toContain(
      'more than 2 keys',
    );
    expect(decodeBencode(bytes('d1:ai1e1:bd1:ci3e1:di4eee'), { maxDictKeys: 2 })).toEqual({
      a: 1,
      b: { c: 3, d: 4 },
    });
  });

  it('stops five million empty strings at the item limit before building any value', () => {
    const flood = Buffer.concat([bytes('l'), Buffer.alloc(10_000_000, '0:'), bytes('e')]);
    const started = performance.now();
    const err = refusal(flood, { maxBytes: flood.length, maxItems: 250_000 });
    expect(err.message).toBe('Invalid bencode at byte 499999: more than 250000 items');
    // A bound that holds on a busy machine; building five million values took seconds.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('rejects nonsensical limits as a programming error', () => {
    expect(() => decodeBencode(bytes('i1e'), { maxDictKeys: 0 })).toThrow(RangeError);
    expect(() => decodeBencode(bytes('i1e'), { maxDepth: 0 })).toThrow(RangeError);
    expect(() => decodeBencode(bytes('i1e'), { maxDepth: 100_000 })).toThrow(RangeError);
  });
});
