import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import parseTorrent from 'parse-torrent';
import { MetainfoError } from './metainfo-error.js';
import { parseTorrentFile } from './parse-torrent-file.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtureDir = path.resolve(repoRoot, 'fixtures/torrents');
const fixture = (name: string) => readFileSync(path.join(fixtureDir, name));

/** Expected values from fixtures/torrents/README.md, i.e. what libtorrent reports. */
const expected = [
  {
    file: 'single-v1.torrent',
    hash: '7383e72724665a4c5d0f4ca8a15f7692c9b5991d',
    files: 1,
    total: 300000,
    private: false,
  },
  {
    file: 'single-v1-private-libtorrent.torrent',
    hash: '21cc6ba61c2a0cd2bff2c91cbb46fd9f5309dd2d',
    files: 1,
    total: 300000,
    private: true,
  },
  {
    file: 'multi-v1-private-mktorrent.torrent',
    hash: '82a441535509957aa3e56d6ad945c04672eb1044',
    files: 3,
    total: 693457,
    private: true,
  },
  {
    file: 'multi-v1-libtorrent.torrent',
    hash: '32bea02bb0fc93e92221b1dbbd42b682e26ea48a',
    files: 3,
    total: 693457,
    private: false,
  },
  {
    file: 'multi-hybrid-v1v2.torrent',
    hash: '2a81bfa5bc622af3a9bbdf43d6c046162bb6658f',
    files: 6,
    total: 720896,
    private: true,
  },
];

describe('parseTorrentFile on real torrents', () => {
  it.each(expected)(
    '$file has the info hash libtorrent reports',
    ({ file, hash, files, total, private: isPrivate }) => {
      const parsed = parseTorrentFile(fixture(file));
      expect(parsed.infoHashHex).toBe(hash);
      expect(parsed.files).toHaveLength(files);
      expect(parsed.totalSize).toBe(total);
      expect(parsed.private).toBe(isPrivate);
      expect(parsed.pieceCount).toBe(Math.ceil(total / parsed.pieceLength));
    },
  );

  it.each(expected)('$file agrees with the parse-torrent package', async ({ file }) => {
    const theirs = await parseTorrent(fixture(file));
    const ours = parseTorrentFile(fixture(file));
    expect(ours.infoHashHex).toBe(theirs.infoHash);
    expect(ours.totalSize).toBe(theirs.length);
  });

  it('reads the metadata of a single-file mktorrent torrent', () => {
    const parsed = parseTorrentFile(fixture('single-v1.torrent'));
    expect(parsed.pieceLength).toBe(64 * 1024);
    expect(parsed.comment).not.toBeNull();
    expect(parsed.files).toEqual([{ path: parsed.name, length: 300000, pad: false }]);
    expect(parsed.infoHashV2Hex).toBeNull();
    expect(parsed.creationDate).toBeInstanceOf(Date);
  });

  it('reads paths, the non-ASCII name, source and the announce-list of a multi-file torrent', () => {
    const parsed = parseTorrentFile(fixture('multi-v1-private-mktorrent.torrent'));
    expect(parsed.name).toBe('multi');
    expect(parsed.files).toEqual(
      expect.arrayContaining([
        { path: 'readme.nfo', length: 70000, pad: false },
        { path: 'sub/track01.flac', length: 500000, pad: false },
        { path: 'sub/Трек 02 (live).flac', length: 123457, pad: false },
      ]),
    );
    expect(parsed.source).toBe('OtherSite');
    expect(parsed.announce).toHaveLength(2);
  });

  it('records both hashes of a hybrid torrent and flags its BEP 47 pad files', () => {
    const parsed = parseTorrentFile(fixture('multi-hybrid-v1v2.torrent'));
    expect(parsed.infoHashV2Hex).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.files.filter((file) => file.pad)).toHaveLength(3);
    expect(
      parsed.files
        .filter((file) => !file.pad)
        .map((file) => file.path)
        .sort(),
    ).toEqual(['readme.nfo', 'sub/track01.flac', 'sub/Трек 02 (live).flac']);
  });

  it('refuses a v2-only torrent with a reason the uploader can act on', () => {
    expect(() => parseTorrentFile(fixture('multi-v2-only.torrent'))).toThrow(MetainfoError);
    expect(() => parseTorrentFile(fixture('multi-v2-only.torrent'))).toThrow(/v2-only torrent.*v1 or hybrid/);
  });
});
