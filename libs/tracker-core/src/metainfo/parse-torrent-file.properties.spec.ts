import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { MetainfoError } from './metainfo-error.js';
import { parseTorrentFile } from './parse-torrent-file.js';
import { rewriteForSite } from './rewrite-for-site.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const hybrid = readFileSync(path.resolve(repoRoot, 'fixtures/torrents/multi-hybrid-v1v2.torrent'));

function expectOnlyMetainfoErrors(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(MetainfoError);
  }
}

describe('parseTorrentFile properties', () => {
  it('random bytes never raise anything but MetainfoError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expectOnlyMetainfoErrors(() => parseTorrentFile(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('a real torrent with corrupted, cut or inserted bytes never raises anything but MetainfoError', () => {
    const edit = fc.record({
      at: fc.nat({ max: hybrid.length - 1 }),
      kind: fc.constantFrom('flip', 'cut', 'insert'),
      byte: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let bytes = Buffer.from(hybrid);
        for (const { at, kind, byte } of edits) {
          const i = at % Math.max(bytes.length, 1);
          if (kind === 'flip') bytes[i] = byte;
          else if (kind === 'cut') bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
          else bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
        }
        expectOnlyMetainfoErrors(() => rewriteForSite(bytes, { source: 'Site' }));
      }),
      { numRuns: 2000 },
    );
  });
});
