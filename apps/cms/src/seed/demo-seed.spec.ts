import { describe, expect, it } from '@jest/globals';
import { parseTorrentFile } from '@tracker/core';
import { createHash } from 'node:crypto';
import { demoReleases } from './demo-content.js';

describe('demo content', () => {
  it('builds real v1 torrents whose pieces cover the payload', () => {
    for (const release of demoReleases()) {
      const parsed = parseTorrentFile(release.torrent);
      expect(parsed.infoHashHex).toMatch(/^[0-9a-f]{40}$/);
      expect(parsed.infoHashV2Hex).toBeNull();
      expect(parsed.pieceCount).toBe(Math.ceil(parsed.totalSize / parsed.pieceLength));
    }
  });

  it('makes different torrents on every start (random payloads)', () => {
    const hash = (b: Buffer) => createHash('sha1').update(b).digest('hex');
    const [first] = demoReleases();
    const [second] = demoReleases();
    expect(first && second && hash(first.torrent) !== hash(second.torrent)).toBe(true);
  });
});
