import { describe, it, expect } from '@jest/globals';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BencodeInput } from '../bencode/bencode-value.js';
import { encodeBencode } from '../bencode/encode-bencode.js';
import { MetainfoError } from './metainfo-error.js';
import { parseTorrentFile } from './parse-torrent-file.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixture = (name: string) => readFileSync(path.resolve(repoRoot, 'fixtures/torrents', name));

const PIECE = 16 * 1024;
const hashes = (count: number) => Buffer.alloc(20 * count, 0xab);
type Info = Record<string, BencodeInput | undefined>;
const singleInfo = (overrides: Info = {}): Info => ({
  name: 'file.bin',
  'piece length': PIECE,
  length: PIECE * 2,
  pieces: hashes(2),
  ...overrides,
});
const multiInfo = (files: BencodeInput[], overrides: Info = {}): Info => ({
  name: 'folder',
  'piece length': PIECE,
  files,
  pieces: hashes(1),
  ...overrides,
});
const file = (pathElements: BencodeInput[], length = 10): BencodeInput => ({ length, path: pathElements });
const torrent = (info: Info) => encodeBencode({ announce: 'http://t.example/a', info });
/** Raw bencode text for inputs the encoder would (rightly) never produce. */
const raw = (text: string) => Buffer.from(text, 'latin1');
const RAW_PIECES = `6:pieces40:${'x'.repeat(40)}`;

function refusal(bytes: Uint8Array, limits?: Parameters<typeof parseTorrentFile>[1]): MetainfoError {
  try {
    parseTorrentFile(bytes, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(MetainfoError);
    return err as MetainfoError;
  }
  throw new Error('expected parseTorrentFile to refuse the input');
}

describe('parseTorrentFile refuses malformed uploads with a readable reason', () => {
  it('accepts the well-formed baselines these cases are built from', () => {
    expect(parseTorrentFile(torrent(singleInfo())).totalSize).toBe(PIECE * 2);
    expect(parseTorrentFile(torrent(multiInfo([file(['a']), file(['b', 'c'])]))).files).toHaveLength(2);
  });

  it.each([
    ['not bencode', raw('hello, world'), 'not a valid .torrent file'],
    ['truncated', fixture('single-v1.torrent').subarray(0, 150), 'not a valid .torrent file: at byte'],
    ['a list', raw('le'), 'not a dictionary'],
    ['no info', encodeBencode({ announce: 'x' }), 'no info dictionary'],
    ['an info that is a list', encodeBencode({ info: [] }), 'info entry that is not a dictionary'],
    [
      '100,000-deep nesting',
      Buffer.concat([raw('d4:info'), Buffer.alloc(100_000, 'l'), Buffer.alloc(100_000, 'e'), raw('e')]),
      'nested deeper than 64 levels',
    ],
  ])('%s', (_what, bytes, reason) => {
    expect(refusal(bytes).message).toContain(reason);
  });

  it('refuses a 50 MB upload by its size, before decoding', () => {
    const err = refusal(Buffer.alloc(50 * 1024 * 1024, 'l'));
    expect(err.message).toBe('The .torrent file is 50.0 MiB; the limit is 10.0 MiB.');
    expect(err.code).toBe('torrent_too_large');
  });

  it('an info dictionary with unsorted keys, since re-encoding it would change its hash', () => {
    const info = `d4:name1:a6:lengthi32768e12:piece lengthi16384e${RAW_PIECES}e`;
    expect(refusal(raw(`d4:info${info}e`)).message).toBe(
      'The info dictionary is not in canonical bencode, so its hash is ambiguous: ' +
        'at byte 17: dictionary keys not sorted ("length" comes too late).',
    );
  });

  it.each([
    [
      'duplicate keys',
      `d6:lengthi32768e6:lengthi32768e4:name1:a12:piece lengthi16384e${RAW_PIECES}e`,
      'duplicate',
    ],
    [
      'a leading-zero integer',
      `d6:lengthi32768e4:name1:a12:piece lengthi016384e${RAW_PIECES}e`,
      'leading zero',
    ],
    [
      'a "__proto__" key',
      `d9:__proto__de6:lengthi32768e4:name1:a12:piece lengthi16384e${RAW_PIECES}e`,
      '__proto__',
    ],
  ])('an info dictionary with %s, which is invalid anywhere', (_what, info, reason) => {
    const err = refusal(raw(`d4:info${info}e`));
    expect(err.message).toMatch(/^This is not a valid .torrent file: at byte \d+: /);
    expect(err.message).toContain(reason);
  });

  it('accepts unsorted keys outside the info dictionary, which is rebuilt anyway', () => {
    const info = `d6:lengthi32768e4:name1:a12:piece lengthi16384e${RAW_PIECES}e`;
    expect(parseTorrentFile(raw(`d4:info${info}8:announce3:urle`)).name).toBe('a');
  });

  it.each([
    ['pieces not a multiple of 20', singleInfo({ pieces: Buffer.alloc(39) }), 'not a multiple of 20'],
    [
      'too few piece hashes',
      singleInfo({ pieces: hashes(1) }),
      'has 1 piece hashes, but 32768 bytes in pieces of 16384 need 2',
    ],
    ['no pieces', singleInfo({ pieces: undefined }), 'no piece hashes'],
    ['a piece length that is not a power of two', singleInfo({ 'piece length': 20_000 }), 'power of two'],
    ['a piece length under 16 KiB', singleInfo({ 'piece length': 8192 }), 'from 16 KiB to 64 MiB'],
    [
      'a piece length over 64 MiB',
      singleInfo({ 'piece length': 128 * 1024 * 1024, pieces: hashes(1) }),
      'power of two',
    ],
    ['no piece length', singleInfo({ 'piece length': undefined }), 'no piece length'],
    ['no name', singleInfo({ name: undefined }), 'no name'],
    ['a negative length', singleInfo({ length: -1 }), 'no valid length'],
    ['both length and files', singleInfo({ files: [file(['a'])] }), 'not both or neither'],
    ['neither length nor files', singleInfo({ length: undefined }), 'not both or neither'],
    ['no data at all', singleInfo({ length: 0, pieces: hashes(0) }), 'contains no data'],
    ['an empty file list', multiInfo([]), 'empty or invalid file list'],
    ['a file without a path', multiInfo([{ length: 10 }]), 'without a valid path'],
    ['a file with an empty path list', multiInfo([file([])]), 'without a valid path'],
    ['a file entry that is not a dictionary', multiInfo([5]), 'not a dictionary'],
    ['the same file twice', multiInfo([file(['a']), file(['a'])]), 'lists "a" twice'],
    [
      'a name used as file and folder',
      multiInfo([file(['a']), file(['a', 'b'])]),
      'both a file and a folder',
    ],
    ['an unknown meta version', singleInfo({ 'meta version': 3 }), 'unsupported meta version (3)'],
  ])('an info dictionary with %s', (_what, info, reason) => {
    expect(refusal(torrent(info)).message).toContain(reason);
  });

  it('refuses more files than the limit', () => {
    const info = multiInfo([file(['a']), file(['b']), file(['c'])]);
    expect(refusal(torrent(info), { maxFiles: 2 }).message).toContain('lists 3 files; the limit is 2');
    expect(parseTorrentFile(torrent(info), { maxFiles: 3 }).files).toHaveLength(3);
  });

  it('refuses a v2-only torrent with its own code', () => {
    expect(refusal(fixture('multi-v2-only.torrent')).code).toBe('v2_only_torrent');
  });
});

describe('parseTorrentFile refuses unsafe file paths', () => {
  it.each([
    ['..', 'is ".."'],
    ['.', 'is "."'],
    ['', 'is empty'],
    ['/etc', 'is an absolute path'],
    ['a/b', 'contains "/"'],
    ['a\\b', 'contains a backslash'],
    ['a\0b', 'contains a NUL character'],
    ['bell\x07', 'contains a control character'],
    ['del\x7f', 'contains a control character'],
    ['C:', 'is an absolute Windows path'],
    ['c:evil', 'is an absolute Windows path'],
    ['CON', 'is a reserved device name on Windows'],
    ['con.txt', 'is a reserved device name on Windows'],
    ['Lpt9.tar.gz', 'is a reserved device name on Windows'],
    ['nul ', 'is a reserved device name on Windows'],
    ['x'.repeat(256), 'is longer than 255 bytes'],
    ['é'.repeat(128), 'is longer than 255 bytes'],
  ])('a file path element %j (%s)', (element, reason) => {
    const err = refusal(torrent(multiInfo([file(['ok', element])])));
    expect(err.message).toContain(`part 2 ${reason}`);
    expect(err.code).toBe('unsafe_path');
  });

  it('a path element that is not UTF-8', () => {
    expect(refusal(torrent(multiInfo([file([Buffer.from([0xff, 0xfe])])]))).message).toContain(
      'is not valid UTF-8',
    );
  });

  it('an unsafe torrent name, which becomes the download folder', () => {
    expect(refusal(torrent(singleInfo({ name: '..' }))).message).toContain('The torrent name is not allowed');
  });

  it('an unsafe path.utf-8 beside a safe path', () => {
    const entry = { length: 10, path: ['safe'], 'path.utf-8': ['..'] };
    expect(refusal(torrent(multiInfo([entry]))).message).toContain('path.utf-8');
  });

  it('accepts names that merely resemble reserved ones', () => {
    const names = ['CONSOLE.txt', 'com10', 'a..b', '.hidden', 'Трек 02 (live).flac', 'x'.repeat(255)];
    const info = multiInfo(names.map((name) => file([name], 1)));
    expect(parseTorrentFile(torrent(info)).files.map((entry) => entry.path)).toEqual(names);
  });
});

describe('parseTorrentFile on hybrid torrents', () => {
  const hybridInfo = (tree: BencodeInput): Info =>
    multiInfo([file(['a'], 10)], { 'meta version': 2, 'file tree': tree });
  const leaf = (length: number) => ({ '': { length } });

  it('accepts a hybrid whose v2 file tree matches its v1 files', () => {
    const parsed = parseTorrentFile(torrent(hybridInfo({ a: leaf(10) })));
    expect(parsed.infoHashV2Hex).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a different length', { a: leaf(11) }, 'different files in its v1 and v2 parts'],
    ['a different name', { b: leaf(10) }, 'different files in its v1 and v2 parts'],
    ['an unsafe name', { a: leaf(10), 'CON.txt': leaf(1) }, 'reserved device name'],
    ['a malformed node', { a: 5 }, 'is malformed'],
    ['a leaf beside other keys', { a: { '': { length: 10 }, x: leaf(1) } }, 'is malformed'],
  ])('refuses a v2 file tree with %s', (_what, tree, reason) => {
    expect(refusal(torrent(hybridInfo(tree))).message).toContain(reason);
  });

  it('refuses a hybrid without a file tree', () => {
    expect(refusal(torrent(multiInfo([file(['a'])], { 'meta version': 2 }))).message).toContain(
      'no valid v2 file tree',
    );
  });
});
