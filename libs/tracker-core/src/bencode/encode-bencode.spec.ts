import { describe, it, expect } from '@jest/globals';
import { Buffer } from 'node:buffer';
import { encodeBencode } from './encode-bencode.js';

const text = (value: Parameters<typeof encodeBencode>[0]) => encodeBencode(value).toString('latin1');

describe('encodeBencode', () => {
  it('writes integers, strings, bytes, lists and dictionaries byte-exactly', () => {
    expect(text(0)).toBe('i0e');
    expect(text(-7)).toBe('i-7e');
    expect(text('spam')).toBe('4:spam');
    expect(text(Buffer.from([0, 1]))).toBe('2:\x00\x01');
    expect(text([1, 'a', []])).toBe('li1e1:alee');
    expect(text({ name: 'x', age: 3, list: [] })).toBe('d3:agei3e4:listle4:name1:xe');
  });

  it('writes strings as UTF-8 with the byte length', () => {
    expect(encodeBencode('Трек').equals(Buffer.concat([Buffer.from('8:'), Buffer.from('Трек')]))).toBe(true);
  });

  it('sorts keys by raw UTF-8 bytes, not by JavaScript string order', () => {
    // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in bytes, after it in UTF-16 code units.
    const encoded = encodeBencode({ '\u{1F600}': 1, '\uFF21': 2 });
    const expected = Buffer.concat([
      Buffer.from('d3:'),
      Buffer.from('\uFF21'),
      Buffer.from('i2e4:'),
      Buffer.from('\u{1F600}'),
      Buffer.from('i1ee'),
    ]);
    expect(encoded.equals(expected)).toBe(true);
  });

  it('leaves out undefined dictionary values', () => {
    expect(text({ a: 1, b: undefined })).toBe('d1:ai1ee');
  });

  it.each([[1.5], [Number.NaN], [2 ** 60], [null], [true], [new Date(0)], [new Map()]])(
    'refuses %p with a TypeError',
    (value) => {
      expect(() => encodeBencode(value as never)).toThrow(TypeError);
    },
  );
});
