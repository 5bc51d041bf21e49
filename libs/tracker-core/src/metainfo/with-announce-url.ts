import { Buffer } from 'node:buffer';
import { encodeBencode } from '../bencode/encode-bencode.js';
import { buildRawDict } from '../bencode/raw-dict.js';
import { decodeTorrent } from './decode-torrent.js';
import { DEFAULT_METAINFO_LIMITS } from './metainfo-limits.js';

const TRACKER_KEYS = new Set(['announce', 'announce-list']);

/**
 * The per-user download copy of a stored torrent: the stored bytes with `announce` set to the
 * user's URL (and no announce-list, so clients talk to our tracker only). The info dictionary is
 * copied byte for byte, so the info hash does not change.
 */
export function withAnnounceUrl(canonicalBytes: Uint8Array, announceUrl: string): Buffer {
  checkAnnounceUrl(announceUrl);
  const { entries } = decodeTorrent(canonicalBytes, DEFAULT_METAINFO_LIMITS);
  return buildRawDict([
    ...entries.filter((entry) => !TRACKER_KEYS.has(entry.key.toString('latin1'))),
    { key: Buffer.from('announce'), encodedValue: encodeBencode(announceUrl) },
  ]);
}

/** A bad URL here comes from configuration, not from a user: it is a programming error. */
function checkAnnounceUrl(announceUrl: string): void {
  let url: URL;
  try {
    url = new URL(announceUrl);
  } catch {
    throw new TypeError('announceUrl must be an absolute http(s) URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(announceUrl)) {
    throw new TypeError('announceUrl must be an absolute http(s) URL');
  }
}
