import { describe, it, expect } from '@jest/globals';
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBencode } from '../bencode/decode-bencode.js';
import type { BencodeDict } from '../bencode/bencode-value.js';
import { encodeBencode } from '../bencode/encode-bencode.js';
import { createTorrent } from './create-torrent.js';
import { magnetUri } from './magnet-uri.js';
import { parseTorrentFile } from './parse-torrent-file.js';
import { rewriteForSite } from './rewrite-for-site.js';
import { withAnnounceTiers, withAnnounceUrl } from './with-announce-url.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtureDir = path.resolve(repoRoot, 'fixtures/torrents');
const fixture = (name: string) => readFileSync(path.join(fixtureDir, name));
const acceptedFixtures = readdirSync(fixtureDir).filter(
  (name) => name.endsWith('.torrent') && !name.includes('v2-only'),
);
const SITE = 'ReadyRatio';
const ANNOUNCE = 'https://tracker.example/announce?passkey=0123456789abcdef0123456789abcdef';

const outer = (bytes: Uint8Array) => decodeBencode(bytes, { canonical: false }) as BencodeDict;
const text = (value: unknown) => Buffer.from(value as Uint8Array).toString('utf8');

describe('rewriteForSite', () => {
  it.each(acceptedFixtures)(
    '%s becomes private with our source, and round-trips through the parser',
    (name) => {
      const original = parseTorrentFile(fixture(name));
      const rewritten = rewriteForSite(fixture(name), { source: SITE });
      expect(rewritten.parsed.private).toBe(true);
      expect(rewritten.parsed.source).toBe(SITE);
      expect(rewritten.infoHashHex).not.toBe(original.infoHashHex);
      expect(parseTorrentFile(rewritten.bytes)).toEqual(rewritten.parsed);
      expect(rewritten.parsed.files).toEqual(original.files);
      expect(rewritten.parsed.totalSize).toBe(original.totalSize);
    },
  );

  // Computed by libtorrent 2.0.8 (python3-libtorrent) from our download copies on 2026-11-26.
  it.each([
    ['single-v1.torrent', '4ba861d3029e80e2e1b6d82957186836e355d0e8', null],
    ['single-v1-private-libtorrent.torrent', '3e198d19ca9433a44e9d2c0fde073e431572c57c', null],
    ['multi-v1-private-mktorrent.torrent', 'd9e65dc6d64cd9ce4e4b914df95e24964f6f86cb', null],
    ['multi-v1-libtorrent.torrent', 'de5a9a51aadb5974c31e902b012066b6b6bfb47d', null],
    [
      'multi-hybrid-v1v2.torrent',
      '7392eb9b3cdebfe61c659006cdf5dcf33338d28c',
      'a266ac78eb0c15a2ba16438681ebacdd87cf2a07c8e522b2a9335d3b4cfba9d2',
    ],
  ])('%s rewritten for "ReadyRatio" has the hashes libtorrent computes', (name, v1, v2) => {
    const rewritten = rewriteForSite(fixture(name), { source: SITE });
    expect(rewritten.infoHashHex).toBe(v1);
    expect(rewritten.infoHashV2Hex).toBe(v2);
  });

  it('is deterministic: the same upload and source give the same bytes and hash', () => {
    const first = rewriteForSite(fixture('single-v1.torrent'), { source: SITE });
    const second = rewriteForSite(fixture('single-v1.torrent'), { source: SITE });
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(second.infoHashHex).toBe(first.infoHashHex);
    expect(rewriteForSite(fixture('single-v1.torrent'), { source: 'Other' }).infoHashHex).not.toBe(
      first.infoHashHex,
    );
  });

  it('is idempotent: rewriting the stored form again changes nothing', () => {
    const stored = rewriteForSite(fixture('multi-v1-private-mktorrent.torrent'), { source: SITE });
    expect(rewriteForSite(stored.bytes, { source: SITE }).bytes.equals(stored.bytes)).toBe(true);
  });

  it('drops foreign trackers, web seeds, DHT nodes and unknown keys, keeping the descriptive ones', () => {
    const upload = encodeBencode({
      ...outer(
        createTorrent({ name: 'x.bin', content: Buffer.alloc(100, 1), comment: 'hi', createdBy: 'me' }),
      ),
      announce: 'http://other.example/announce',
      'announce-list': [['http://other.example/announce']],
      'url-list': ['http://seed.example/x.bin'],
      httpseeds: ['http://seed.example/seed'],
      nodes: [['router.example', 6881]],
      'x-tracking': 'anything',
    });
    const stored = outer(rewriteForSite(upload, { source: SITE }).bytes);
    expect(Object.keys(stored).sort()).toEqual(['comment', 'created by', 'info']);
    expect(text(stored.comment)).toBe('hi');
  });

  it('replaces a foreign source and keeps every other info entry byte-identical', () => {
    const upload = fixture('multi-v1-private-mktorrent.torrent');
    const before = outer(upload).info as BencodeDict;
    const after = outer(rewriteForSite(upload, { source: SITE }).bytes).info as BencodeDict;
    expect(text(before.source)).toBe('OtherSite');
    expect(text(after.source)).toBe(SITE);
    expect(after.private).toBe(1);
    const { source: _s1, private: _p1, ...keptBefore } = before;
    const { source: _s2, private: _p2, ...keptAfter } = after;
    expect(keptAfter).toEqual(keptBefore);
  });

  it('keeps the v2 piece layers of a hybrid and records both new hashes', () => {
    const stored = rewriteForSite(fixture('multi-hybrid-v1v2.torrent'), { source: SITE });
    expect(outer(stored.bytes)['piece layers']).toBeDefined();
    expect(stored.infoHashV2Hex).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.infoHashV2Hex).not.toBe(
      parseTorrentFile(fixture('multi-hybrid-v1v2.torrent')).infoHashV2Hex,
    );
  });

  it('refuses an empty source as a programming error', () => {
    expect(() => rewriteForSite(fixture('single-v1.torrent'), { source: ' ' })).toThrow(TypeError);
  });
});

describe('withAnnounceUrl', () => {
  const stored = rewriteForSite(fixture('multi-v1-private-mktorrent.torrent'), { source: SITE });

  it('adds our announce URL and keeps the info hash', () => {
    const download = withAnnounceUrl(stored.bytes, ANNOUNCE);
    const parsed = parseTorrentFile(download);
    expect(parsed.infoHashHex).toBe(stored.infoHashHex);
    expect(parsed.announce).toEqual([ANNOUNCE]);
    expect(outer(download)['announce-list']).toBeUndefined();
  });

  it('replaces trackers already present instead of adding to them', () => {
    const withForeign = encodeBencode({
      ...outer(stored.bytes),
      announce: 'http://other.example/announce',
      'announce-list': [['http://other.example/announce']],
    });
    expect(parseTorrentFile(withAnnounceUrl(withForeign, ANNOUNCE)).announce).toEqual([ANNOUNCE]);
  });

  it.each(['', 'not a url', 'ftp://tracker.example/announce', 'http://tracker.example/ann ounce'])(
    'refuses the announce URL %j as a programming error',
    (url) => {
      expect(() => withAnnounceUrl(stored.bytes, url)).toThrow(TypeError);
    },
  );
});

describe('withAnnounceTiers', () => {
  const stored = rewriteForSite(fixture('multi-v1-private-mktorrent.torrent'), { source: SITE });
  const UDP = 'udp://tracker.example:3002/announce?passkey=0123456789abcdef0123456789abcdef';

  it('writes one tier per URL in order, HTTP in `announce`, and keeps the info hash', () => {
    const download = withAnnounceTiers(stored.bytes, [ANNOUNCE, UDP]);
    expect(outer(download)['announce']).toEqual(Buffer.from(ANNOUNCE));
    expect(outer(download)['announce-list']).toEqual([[Buffer.from(ANNOUNCE)], [Buffer.from(UDP)]]);
    const parsed = parseTorrentFile(download);
    expect(parsed.infoHashHex).toBe(stored.infoHashHex);
    expect(parsed.announce).toEqual([ANNOUNCE, UDP]);
  });

  it('writes no announce-list for one URL, as withAnnounceUrl does', () => {
    expect(withAnnounceTiers(stored.bytes, [ANNOUNCE])).toEqual(withAnnounceUrl(stored.bytes, ANNOUNCE));
  });

  it.each([
    [[]],
    [[UDP, ANNOUNCE]], // `announce` is read by clients without BEP 12: it stays http(s)
    [[ANNOUNCE, 'udp://tracker.example/announce']], // no port
    [[ANNOUNCE, 'ftp://tracker.example/announce']],
  ])('refuses the tiers %j as a programming error', (urls) => {
    expect(() => withAnnounceTiers(stored.bytes, urls)).toThrow(TypeError);
  });
});

describe('createTorrent', () => {
  it('builds a v1 torrent whose pieces match the payload', () => {
    const payload = Buffer.alloc(40_000, 7);
    const parsed = parseTorrentFile(createTorrent({ name: 'demo.bin', content: payload }));
    expect(parsed).toMatchObject({ name: 'demo.bin', totalSize: 40_000, pieceLength: 16384, pieceCount: 3 });
  });

  it('builds multi-file torrents', () => {
    const files = [
      { path: ['a.txt'], data: Buffer.from('alpha') },
      { path: ['sub', 'b.txt'], data: Buffer.from('beta') },
    ];
    const parsed = parseTorrentFile(createTorrent({ name: 'demo', content: files }));
    expect(parsed.files).toEqual([
      { path: 'a.txt', length: 5, pad: false },
      { path: 'sub/b.txt', length: 4, pad: false },
    ]);
  });
});

describe('magnetUri', () => {
  const v1 = 'a'.repeat(40);
  const v2 = 'b'.repeat(64);

  it('carries the v1 hash and the escaped name, and no tracker unless asked', () => {
    expect(magnetUri({ infoHashHex: v1, infoHashV2Hex: null, name: 'Трек & co' })).toBe(
      `magnet:?xt=urn:btih:${v1}&dn=%D0%A2%D1%80%D0%B5%D0%BA%20%26%20co`,
    );
  });

  it('adds the v2 multihash for hybrids and the announce URL when given', () => {
    expect(magnetUri({ infoHashHex: v1, infoHashV2Hex: v2, name: 'x', announceUrl: ANNOUNCE })).toBe(
      `magnet:?xt=urn:btih:${v1}&xt=urn:btmh:1220${v2}&dn=x&tr=${encodeURIComponent(ANNOUNCE)}`,
    );
  });

  it('refuses malformed hashes', () => {
    expect(() => magnetUri({ infoHashHex: 'A'.repeat(40), infoHashV2Hex: null, name: 'x' })).toThrow(
      TypeError,
    );
    expect(() => magnetUri({ infoHashHex: v1, infoHashV2Hex: 'abc', name: 'x' })).toThrow(TypeError);
  });
});
