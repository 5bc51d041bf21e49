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
  return withAnnounceTiers(canonicalBytes, [announceUrl]);
}

/**
 * The same with several trackers, one tier each in the order given (BEP 12: a client tries
 * the first tier and moves on only when it fails; clients set to announce to every tier use
 * them all). `announce` is the first URL, for clients without BEP 12, so it must be http(s);
 * later ones may be `udp://host:port/…` (BEP 15). One URL writes no announce-list. Foreign
 * trackers already present are replaced, never kept.
 */
export function withAnnounceTiers(canonicalBytes: Uint8Array, urls: readonly string[]): Buffer {
  if (urls.length === 0) throw new TypeError('a download needs at least one announce URL');
  urls.forEach((url, i) => checkAnnounceUrl(url, i === 0 ? HTTP : HTTP_OR_UDP));
  const { entries } = decodeTorrent(canonicalBytes, DEFAULT_METAINFO_LIMITS);
  const trackers = [{ key: Buffer.from('announce'), encodedValue: encodeBencode(urls[0]) }];
  if (urls.length > 1)
    trackers.push({
      key: Buffer.from('announce-list'),
      encodedValue: encodeBencode(urls.map((url) => [url])),
    });
  return buildRawDict([
    ...entries.filter((entry) => !TRACKER_KEYS.has(entry.key.toString('latin1'))),
    ...trackers,
  ]);
}

const HTTP = ['http:', 'https:'];
const HTTP_OR_UDP = ['http:', 'https:', 'udp:'];

/** A bad URL here comes from configuration, not from a user: it is a programming error. */
function checkAnnounceUrl(announceUrl: string, protocols: readonly string[]): void {
  const what = `announce URL must be an absolute ${protocols.includes('udp:') ? 'http(s) or udp' : 'http(s)'} URL`;
  let url: URL;
  try {
    url = new URL(announceUrl);
  } catch {
    throw new TypeError(what);
  }
  if (!protocols.includes(url.protocol) || /\s/.test(announceUrl)) throw new TypeError(what);
  // A udp:// URL has no default port: without one no client can reach it.
  if (url.protocol === 'udp:' && (url.hostname === '' || url.port === ''))
    throw new TypeError(`${what} with a port`);
}
