import { createHash } from 'node:crypto';
import type { BencodeDict } from '../bencode/bencode-value.js';
import { field, isInteger, textOf } from './bencode-fields.js';
import { decodeTorrent } from './decode-torrent.js';
import { resolveMetainfoLimits, type MetainfoLimits } from './metainfo-limits.js';
import type { ParsedTorrent } from './parsed-torrent.js';
import { readInfo } from './read-info.js';

/**
 * Parses and validates an uploaded .torrent. The info hashes are computed from the exact info
 * dictionary bytes (as libtorrent does), never from a re-encoding. Throws MetainfoError with a
 * reason meant for the uploader on anything invalid or unsafe.
 */
export function parseTorrentFile(bytes: Uint8Array, limits?: Partial<MetainfoLimits>): ParsedTorrent {
  const resolved = resolveMetainfoLimits(limits);
  const { torrent, info, infoBytes } = decodeTorrent(bytes, resolved);
  const { hybrid, ...summary } = readInfo(info, resolved);
  return {
    infoHashHex: createHash('sha1').update(infoBytes).digest('hex'),
    infoHashV2Hex: hybrid ? createHash('sha256').update(infoBytes).digest('hex') : null,
    ...summary,
    comment: textOf(field(torrent, 'comment')),
    createdBy: textOf(field(torrent, 'created by')),
    creationDate: readCreationDate(torrent),
    announce: readAnnounce(torrent),
  };
}

function readCreationDate(torrent: BencodeDict): Date | null {
  const seconds = field(torrent, 'creation date');
  if (!isInteger(seconds) || seconds <= 0) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Outer metadata is informative only (it is dropped on rewrite), so malformed entries are skipped. */
function readAnnounce(torrent: BencodeDict): string[] {
  const tiers = field(torrent, 'announce-list');
  const urls: string[] = [];
  if (Array.isArray(tiers)) {
    for (const tier of tiers)
      if (Array.isArray(tier)) urls.push(...tier.map(textOf).filter((url) => url !== null));
  }
  if (urls.length === 0) {
    const single = textOf(field(torrent, 'announce'));
    if (single !== null) urls.push(single);
  }
  return [...new Set(urls.filter((url) => url.length > 0))];
}
