import { formatIpAddress } from '../ip-address.js';
import type { SwarmPeer } from '../../swarm/swarm-store.js';
import { COMPACT_PEER4_BYTES, COMPACT_PEER6_BYTES, writeCompactPeers } from './compact-peers.js';
import {
  INT_MAX_BYTES,
  bkey,
  textMaxBytes,
  writeChar,
  writeInt,
  writeRaw,
  writeText,
} from './bencode-writer.js';

export interface AnnounceResponse {
  /** Seconds until the next regular announce. */
  readonly interval: number;
  /** Seconds before which a plain re-announce is refused. */
  readonly minInterval?: number;
  /** Seeders. */
  readonly complete: number;
  /** Leechers. */
  readonly incomplete: number;
  /** Times completed. */
  readonly downloaded: number;
  /** Only IPv4 peers (4-byte addresses). */
  readonly peers4: readonly SwarmPeer[];
  /** Only IPv6 peers (16-byte addresses). */
  readonly peers6: readonly SwarmPeer[];
  /** Shown by clients without failing the announce (UTF-8). */
  readonly warningMessage?: string;
}

/** How the client asked for peers: the matching fields of AnnounceRequest. */
export interface PeerListFormat {
  readonly compact: boolean;
}

// Keys in the byte order bencode requires.
const K_COMPLETE = bkey('complete');
const K_DOWNLOADED = bkey('downloaded');
const K_INCOMPLETE = bkey('incomplete');
const K_INTERVAL = bkey('interval');
const K_MIN_INTERVAL = bkey('min interval');
const K_PEERS = bkey('peers');
const K_PEERS6 = bkey('peers6');
const K_WARNING = bkey('warning message');
const K_IP = bkey('ip');
const K_PORT = bkey('port');

/** Fixed part: braces, 8 keys (< 90 bytes), 5 integers, and two byte-string headers. */
const FIXED_MAX_BYTES = 2 + 90 + 5 * INT_MAX_BYTES + 2 * 12;
/** d + 2:ip + 39-char IPv6 text + 4:port + i65535e + e */
const DICT_PEER_MAX_BYTES = 1 + 4 + 42 + 6 + 7 + 1;

/**
 * The bencoded announce response, written straight into one Buffer. compact=1 gives
 * `peers` (BEP 23, 6 bytes per peer) and `peers6` (BEP 7, 18 bytes, only when there are
 * IPv6 peers); compact=0 gives the original list of dictionaries for both families, with
 * `ip` and `port` only: the swarm keeps no peer ids (SwarmPeer), as if every client sent
 * no_peer_id=1 (BEP 23); clients learn peer ids in the handshake.
 */
export function encodeAnnounceResponse(res: AnnounceResponse, format: PeerListFormat): Buffer {
  const peerBytes = format.compact
    ? res.peers4.length * COMPACT_PEER4_BYTES + res.peers6.length * COMPACT_PEER6_BYTES
    : (res.peers4.length + res.peers6.length) * DICT_PEER_MAX_BYTES;
  const warningBytes = res.warningMessage === undefined ? 0 : textMaxBytes(res.warningMessage);
  const buf = Buffer.allocUnsafe(FIXED_MAX_BYTES + peerBytes + warningBytes);
  let off = writeChar(buf, 0, 'd');
  off = writeInt(buf, writeRaw(buf, off, K_COMPLETE), res.complete);
  off = writeInt(buf, writeRaw(buf, off, K_DOWNLOADED), res.downloaded);
  off = writeInt(buf, writeRaw(buf, off, K_INCOMPLETE), res.incomplete);
  off = writeInt(buf, writeRaw(buf, off, K_INTERVAL), res.interval);
  if (res.minInterval !== undefined) off = writeInt(buf, writeRaw(buf, off, K_MIN_INTERVAL), res.minInterval);
  off = format.compact ? writeCompactLists(buf, off, res) : writeDictList(buf, off, res);
  if (res.warningMessage !== undefined)
    off = writeText(buf, writeRaw(buf, off, K_WARNING), res.warningMessage);
  off = writeChar(buf, off, 'e');
  return buf.subarray(0, off);
}

function writeCompactLists(buf: Buffer, off: number, res: AnnounceResponse): number {
  off = writeRaw(buf, off, K_PEERS);
  off += buf.write(`${res.peers4.length * COMPACT_PEER4_BYTES}:`, off, 'latin1');
  off = writeCompactPeers(buf, off, res.peers4, 4);
  if (res.peers6.length === 0) return off;
  off = writeRaw(buf, off, K_PEERS6);
  off += buf.write(`${res.peers6.length * COMPACT_PEER6_BYTES}:`, off, 'latin1');
  return writeCompactPeers(buf, off, res.peers6, 16);
}

function writeDictList(buf: Buffer, off: number, res: AnnounceResponse): number {
  off = writeChar(buf, writeRaw(buf, off, K_PEERS), 'l');
  for (const peer of res.peers4) off = writeDictPeer(buf, off, peer);
  for (const peer of res.peers6) off = writeDictPeer(buf, off, peer);
  return writeChar(buf, off, 'e');
}

function writeDictPeer(buf: Buffer, off: number, peer: SwarmPeer): number {
  off = writeChar(buf, off, 'd');
  off = writeText(buf, writeRaw(buf, off, K_IP), formatIpAddress(peer.ip));
  off = writeInt(buf, writeRaw(buf, off, K_PORT), peer.port);
  return writeChar(buf, off, 'e');
}
