import type { SwarmCounts, SwarmPeer } from '../../swarm/swarm-store.js';
import { writeCompactPeers } from '../http/compact-peers.js';
import {
  UDP_ACTION,
  UDP_ANNOUNCE_RESPONSE_HEADER_BYTES,
  UDP_CONNECT_RESPONSE_BYTES,
  UDP_SCRAPE_ENTRY_BYTES,
  UDP_SCRAPE_RESPONSE_HEADER_BYTES,
} from './udp-wire.js';

const INT32_MAX = 0x7fffffff;

/** action 0, transaction_id, connection_id: 16 bytes, the size of the request it answers. */
export function encodeUdpConnect(transactionId: Uint8Array, connectionId: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(UDP_CONNECT_RESPONSE_BYTES);
  buf.writeUInt32BE(UDP_ACTION.connect, 0);
  buf.set(transactionId.subarray(0, 4), 4);
  buf.set(connectionId.subarray(0, 8), 8);
  return buf;
}

export interface UdpAnnounceAnswer {
  readonly interval: number;
  /** Seeders. */
  readonly complete: number;
  /** Leechers. */
  readonly incomplete: number;
  /** All of one family: 4-byte addresses for an IPv4 request, 16-byte for IPv6 (BEP 15). */
  readonly peers: readonly SwarmPeer[];
}

/**
 * action 1, transaction_id, interval, leechers, seeders, then 6-byte (IPv4) or 18-byte (IPv6)
 * peers, `ipBytes` telling which. The UDP answer has no `min interval` and no completed count.
 */
export function encodeUdpAnnounce(
  transactionId: Uint8Array,
  answer: UdpAnnounceAnswer,
  ipBytes: 4 | 16,
): Buffer {
  const buf = Buffer.allocUnsafe(UDP_ANNOUNCE_RESPONSE_HEADER_BYTES + answer.peers.length * (ipBytes + 2));
  buf.writeUInt32BE(UDP_ACTION.announce, 0);
  buf.set(transactionId.subarray(0, 4), 4);
  buf.writeUInt32BE(clamp(answer.interval), 8);
  buf.writeUInt32BE(clamp(answer.incomplete), 12);
  buf.writeUInt32BE(clamp(answer.complete), 16);
  writeCompactPeers(buf, UDP_ANNOUNCE_RESPONSE_HEADER_BYTES, answer.peers, ipBytes);
  return buf;
}

/** action 2, transaction_id, then seeders, completed, leechers for each hash, in request order. */
export function encodeUdpScrape(transactionId: Uint8Array, counts: readonly SwarmCounts[]): Buffer {
  const buf = Buffer.allocUnsafe(UDP_SCRAPE_RESPONSE_HEADER_BYTES + counts.length * UDP_SCRAPE_ENTRY_BYTES);
  buf.writeUInt32BE(UDP_ACTION.scrape, 0);
  buf.set(transactionId.subarray(0, 4), 4);
  let off = UDP_SCRAPE_RESPONSE_HEADER_BYTES;
  for (const c of counts) {
    buf.writeUInt32BE(clamp(c.complete), off);
    buf.writeUInt32BE(clamp(c.downloaded), off + 4);
    buf.writeUInt32BE(clamp(c.incomplete), off + 8);
    off += UDP_SCRAPE_ENTRY_BYTES;
  }
  return buf;
}

/** action 3, transaction_id, then the message (UTF-8, no terminator: it runs to the end). */
export function encodeUdpError(transactionId: Uint8Array, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  const buf = Buffer.allocUnsafe(8 + text.length);
  buf.writeUInt32BE(UDP_ACTION.error, 0);
  buf.set(transactionId.subarray(0, 4), 4);
  buf.set(text, 8);
  return buf;
}

/** The fields are int32: a count beyond it (never seen) is written as the largest. */
function clamp(n: number): number {
  return n > INT32_MAX ? INT32_MAX : n;
}
