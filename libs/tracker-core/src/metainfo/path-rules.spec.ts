import { describe, it, expect } from '@jest/globals';
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import type { BencodeInput } from '../bencode/bencode-value.js';
import { encodeBencode } from '../bencode/encode-bencode.js';
import { MetainfoError } from './metainfo-error.js';
import { parseTorrentFile } from './parse-torrent-file.js';
import { MAX_PATH_DEPTH, pathElementProblem } from './path-rules.js';

const PIECE = 16 * 1024;
type Entry = Record<string, BencodeInput>;
const file = (path: string[], extra: Entry = {}): Entry => ({ length: 10, path, ...extra });
const torrentOf = (files: Entry[], extra: Entry = {}) =>
  encodeBencode({
    info: { name: 'folder', 'piece length': PIECE, files, pieces: Buffer.alloc(20, 1), ...extra },
  });
const deep = (levels: number) => [...Array.from({ length: levels - 1 }, (_, i) => `d${i}`), 'f.bin'];

function refusal(bytes: Uint8Array): MetainfoError {
  try {
    parseTorrentFile(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(MetainfoError);
    return err as MetainfoError;
  }
  throw new Error('expected parseTorrentFile to refuse the input');
}

const BIDI = ['\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e'];
const ISOLATES = ['\u2066', '\u2067', '\u2068', '\u2069'];
const hexOf = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

describe('path rules: depth', () => {
  it(`accepts a path ${MAX_PATH_DEPTH} levels deep`, () => {
    expect(parseTorrentFile(torrentOf([file(deep(MAX_PATH_DEPTH))])).files[0].path).toBe(
      deep(MAX_PATH_DEPTH).join('/'),
    );
  });

  it(`refuses a path ${MAX_PATH_DEPTH + 1} levels deep, naming it`, () => {
    const err = refusal(torrentOf([file(deep(MAX_PATH_DEPTH + 1))]));
    expect(err.code).toBe('unsafe_path');
    expect(err.message).toMatch(
      /^A file path is not allowed: "d0\/d1\/d2\/.*" \(it is 101 levels deep; the limit is 100\)\.$/,
    );
  });

  it('refuses a 100,000-level path at once, without checking each level', () => {
    const path = Array.from({ length: 100_000 }, () => 'a');
    const started = performance.now();
    expect(refusal(torrentOf([file(path)])).message).toContain('100000 levels deep');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses a too-deep path.utf-8 beside a shallow path', () => {
    const err = refusal(torrentOf([file(['a'], { 'path.utf-8': deep(MAX_PATH_DEPTH + 1) })]));
    expect(err.message).toContain('A file path (path.utf-8) is not allowed');
  });
});

describe('path rules: BEP 47 pad files', () => {
  const pad = (length: number): Entry => ({ length, path: ['.pad', String(length)], attr: 'p' });

  it('accepts ".pad/<n>" files marked attr "p", and keeps them flagged as pad', () => {
    const parsed = parseTorrentFile(
      torrentOf([file(['a']), pad(16374), file(['b'])], { pieces: Buffer.alloc(40, 1) }),
    );
    expect(parsed.files.map((f) => [f.path, f.pad])).toEqual([
      ['a', false],
      ['.pad/16374', true],
      ['b', false],
    ]);
  });

  it.each([
    ['no attr', {}],
    ['an attr without "p"', { attr: 'x' }],
    ['an attr that is not text', { attr: 1 }],
  ])('refuses ".pad/16384" with %s, naming it', (_what, extra) => {
    const err = refusal(torrentOf([file(['.pad', '16384'], extra)]));
    expect(err.code).toBe('unsafe_path');
    expect(err.message).toBe(
      'A file path is not allowed: ".pad/16384" (only BEP 47 pad files (attr "p") may be in ".pad").',
    );
  });

  it('refuses content under ".PAD" too, the same folder on Windows', () => {
    expect(refusal(torrentOf([file(['.PAD', 'x'])])).message).toContain('".PAD/x"');
  });

  it('refuses a v2 file tree entry under ".pad", where BEP 52 has no pad files', () => {
    const tree = { '.pad': { '16384': { '': { length: 10 } } } };
    const err = refusal(
      torrentOf([file(['.pad', '16384'], { attr: 'p' })], { 'meta version': 2, 'file tree': tree }),
    );
    expect(err.message).toContain('A file path is not allowed: ".pad/16384"');
  });

  it('still accepts a file or folder merely named ".pad…" elsewhere', () => {
    const names = [['.pad'], ['sub', '.pad', 'x'], ['.padding', 'y']];
    expect(parseTorrentFile(torrentOf(names.map((n) => file(n)))).files).toHaveLength(3);
  });
});

describe('path rules: direction controls and trailing dots or spaces', () => {
  it.each([...BIDI, ...ISOLATES].map((char) => [hexOf(char), char]))(
    'refuses a name with %s, naming the path and the code point',
    (hex, char) => {
      const err = refusal(torrentOf([file(['ok', `photo${char}gpj.exe`])]));
      expect(err.message).toBe(
        `A file path is not allowed: "ok/photo\\u${hex.slice(2).toLowerCase()}gpj.exe" ` +
          `(part 2 contains the invisible direction control ${hex}).`,
      );
    },
  );

  it.each([
    ['report.', 'ends with a dot, which Windows cannot create'],
    ['folder...', 'ends with a dot, which Windows cannot create'],
    ['track ', 'ends with a space, which Windows cannot create'],
  ])('refuses %j (%s), naming the path', (name, reason) => {
    const err = refusal(torrentOf([file([name, 'x'])]));
    expect(err.message).toBe(
      `A file path is not allowed: ${JSON.stringify(`${name}/x`)} (part 1 ${reason}).`,
    );
  });

  it('refuses a torrent name ending in a dot (it becomes the download folder)', () => {
    const err = refusal(torrentOf([file(['x'])], { name: 'Album.' }));
    expect(err.message).toContain('The torrent name is not allowed: "Album."');
  });

  it('shows the path with the control escaped, so the message itself reads left to right', () => {
    const err = refusal(torrentOf([file(['\u202ecod.exe'])]));
    expect(err.message).not.toMatch(/[\u202a-\u202e]/);
    expect(err.message).toContain('"\\u202ecod.exe"');
  });

  it('refuses a v2 file tree name with U+202E', () => {
    const name = 'a\u202etxt.exe';
    const tree = { [name]: { '': { length: 10 } } };
    expect(refusal(torrentOf([file([name])], { 'meta version': 2, 'file tree': tree })).message).toContain(
      'direction control U+202E',
    );
  });

  it('accepts dots and spaces inside names, and right-to-left scripts themselves', () => {
    const names = ['a . b', '.hidden', 'v1.0 final', 'שלום.txt', 'مرحبا بك.mkv'];
    const parsed = parseTorrentFile(torrentOf(names.map((n) => file([n]))));
    expect(parsed.files.map((f) => f.path)).toEqual(names);
  });
});

describe('pathElementProblem properties', () => {
  const element = (text: string) => Buffer.from(text, 'utf8');
  // Plain names the rules accept (device names like "con" are refused for their own reason).
  const safe = fc
    .stringMatching(/^[A-Za-z0-9_-]{1,20}$/)
    .filter((name) => pathElementProblem(element(name)) === null);

  it('refuses any name holding a direction control, wherever it sits', () => {
    fc.assert(
      fc.property(safe, safe, fc.constantFrom(...BIDI, ...ISOLATES), (before, after, char) => {
        expect(pathElementProblem(element(before + char + after))).toMatch(/direction control U\+/);
      }),
    );
  });

  it('refuses any accepted name once it ends in dots or spaces', () => {
    fc.assert(
      fc.property(safe, fc.stringMatching(/^[. ]{1,4}$/), (name, tail) => {
        expect(pathElementProblem(element(name + tail))).toMatch(/^ends with a (dot|space)/);
      }),
    );
  });
});
