import { Buffer } from 'node:buffer';
import { encodeBencode } from '../bencode/encode-bencode.js';
import { buildRawDict, type RawDictEntry } from '../bencode/raw-dict.js';
import { decodeTorrent } from './decode-torrent.js';
import { resolveMetainfoLimits, type MetainfoLimits } from './metainfo-limits.js';
import type { RewrittenTorrent } from './parsed-torrent.js';
import { parseTorrentFile } from './parse-torrent-file.js';

/**
 * Top-level keys kept in the stored form. Everything else goes: `announce`/`announce-list`
 * (foreign trackers; ours is added per user at download), `nodes` (DHT bootstrap, useless for a
 * private torrent), `url-list`/`httpseeds` (web seeds: third-party servers that bypass our
 * accounting and learn every downloader's address), and unknown keys. `piece layers` is v2
 * data that hybrid torrents need.
 */
const KEPT_TOP_LEVEL_KEYS = new Set([
  'comment',
  'created by',
  'creation date',
  'encoding',
  'info',
  'piece layers',
]);
const REPLACED_INFO_KEYS = new Set(['private', 'source']);
const MAX_SOURCE_BYTES = 255;

/**
 * Rewrites a validated upload into the canonical form the site stores: info.private=1 and
 * info.source=<site name> (so the info hash differs from any public copy, and clients disable
 * DHT, PEX and LSD), no trackers, no web seeds. Every other info entry keeps its exact bytes.
 * Deterministic: the same upload and source always give the same bytes and hash.
 */
export function rewriteForSite(
  bytes: Uint8Array,
  opts: { source: string },
  limits?: Partial<MetainfoLimits>,
): RewrittenTorrent {
  const source = sourceBytes(opts.source);
  parseTorrentFile(bytes, limits);
  const { entries, infoEntries } = decodeTorrent(bytes, resolveMetainfoLimits(limits));
  const info = buildRawDict([
    ...infoEntries.filter((entry) => !REPLACED_INFO_KEYS.has(entry.key.toString('utf8'))),
    rawEntry('private', encodeBencode(1)),
    rawEntry('source', encodeBencode(source)),
  ]);
  const rewritten = buildRawDict([
    ...entries.filter(
      (entry) => KEPT_TOP_LEVEL_KEYS.has(entry.key.toString('latin1')) && !entry.key.equals(INFO),
    ),
    rawEntry('info', info),
  ]);
  const parsed = parseTorrentFile(rewritten, limits);
  return { bytes: rewritten, infoHashHex: parsed.infoHashHex, infoHashV2Hex: parsed.infoHashV2Hex, parsed };
}

const INFO = Buffer.from('info');

function rawEntry(key: string, encodedValue: Buffer): RawDictEntry {
  return { key: Buffer.from(key, 'utf8'), encodedValue };
}

function sourceBytes(source: string): Buffer {
  const bytes = Buffer.from(source, 'utf8');
  if (source.trim() === '' || bytes.length > MAX_SOURCE_BYTES) {
    throw new TypeError(`source must be a non-empty site name of at most ${MAX_SOURCE_BYTES} bytes`);
  }
  return bytes;
}
