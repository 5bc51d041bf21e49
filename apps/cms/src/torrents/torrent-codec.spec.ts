import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isClientError, parseTorrentFile } from '@tracker/core';
import { TorrentCodec } from './torrent-codec.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixture = (name: string) => readFileSync(path.resolve(repoRoot, 'fixtures/torrents', name));
const codec = new TorrentCodec();

describe('TorrentCodec', () => {
  it('rewrites a multi-file upload and lists its content files under the folder', () => {
    const prepared = codec.prepare(fixture('multi-hybrid-v1v2.torrent'), 'MySite');
    expect(prepared.infoHash).toMatch(/^[0-9a-f]{40}$/);
    expect(prepared.infoHash).not.toBe('2a81bfa5bc622af3a9bbdf43d6c046162bb6658f');
    expect(prepared.infoHashV2).toMatch(/^[0-9a-f]{64}$/);
    expect(prepared.size).toBe(720896);
    expect(prepared.files.map((f) => f.path).sort()).toEqual([
      'multi/readme.nfo',
      'multi/sub/track01.flac',
      'multi/sub/Трек 02 (live).flac',
    ]);
    expect(prepared.fileCount).toBe(3);
    const stored = parseTorrentFile(prepared.canonical);
    expect(stored).toMatchObject({ private: true, source: 'MySite', announce: [] });
  });

  it('keeps a single file as its own name', () => {
    const prepared = codec.prepare(fixture('single-v1.torrent'), 'MySite');
    expect(prepared.files).toEqual([{ path: prepared.name, length: 300000 }]);
  });

  it('writes the announce URL without changing the info hash', () => {
    const prepared = codec.prepare(fixture('single-v1.torrent'), 'MySite');
    const copy = codec.withAnnounce(
      prepared.canonical,
      'http://t.example/announce?passkey=' + 'a'.repeat(32),
    );
    const parsed = parseTorrentFile(copy);
    expect(parsed.infoHashHex).toBe(prepared.infoHash);
    expect(parsed.announce).toEqual(['http://t.example/announce?passkey=' + 'a'.repeat(32)]);
  });

  it('refuses a v2-only torrent with a client-safe error', () => {
    let error: unknown;
    try {
      codec.prepare(fixture('multi-v2-only.torrent'), 'MySite');
    } catch (err) {
      error = err;
    }
    expect(isClientError(error)).toBe(true);
    expect((error as Error).message).toMatch(/v2/i);
  });

  it('makes a magnet link with no tracker', () => {
    const magnet = codec.magnet({ infoHash: 'a'.repeat(40), infoHashV2: null, name: 'x y' });
    expect(magnet).toBe(`magnet:?xt=urn:btih:${'a'.repeat(40)}&dn=x%20y`);
  });
});
