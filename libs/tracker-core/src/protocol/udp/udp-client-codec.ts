import { ClientError } from '../../errors/client-error.js';
import type { SwarmCounts, SwarmPeer } from '../../swarm/swarm-store.js';
import { decodeCompactPeers4, decodeCompactPeers6 } from '../http/compact-peers.js';
import { encodeUrlData } from './bep41-options.js';
import {
  UDP_ACTION,
  UDP_ANNOUNCE_REQUEST_BYTES,
  UDP_ANNOUNCE_RESPONSE_HEADER_BYTES,
  UDP_EVENTS,
  UDP_PROTOCOL_ID,
  UDP_SCRAPE_ENTRY_BYTES,
  UDP_SCRAPE_RESPONSE_HEADER_BYTES,
} from './udp-wire.js';

// The client's side of BEP 15: what tests and tools send and read back. The tracker never
// calls these; they are the other half of every round-trip test of the server's codec.

export function encodeUdpConnectRequest(transactionId: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(16);
  buf.writeBigUInt64BE(UDP_PROTOCOL_ID, 0);
  buf.writeUInt32BE(UDP_ACTION.connect, 8);
  buf.set(transactionId.subarray(0, 4), 12);
  return buf;
}

export interface UdpAnnounceFields {
  readonly connectionId: Uint8Array;
  readonly transactionId: Uint8Array;
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
  readonly downloaded: bigint;
  readonly left: bigint;
  readonly uploaded: bigint;
  readonly event: (typeof UDP_EVENTS)[number];
  /** The IP field as a number (0: use the source address). */
  readonly ip?: number;
  /** 4 bytes. */
  readonly key: Uint8Array;
  /** -1: the tracker's default. */
  readonly numWant: number;
  readonly port: number;
  /** BEP 41 URL data, e.g. `/announce?passkey=…`; none when undefined. */
  readonly urlData?: string;
}

export function encodeUdpAnnounceRequest(a: UdpAnnounceFields): Buffer {
  const buf = Buffer.alloc(UDP_ANNOUNCE_REQUEST_BYTES);
  buf.set(a.connectionId.subarray(0, 8), 0);
  buf.writeUInt32BE(UDP_ACTION.announce, 8);
  buf.set(a.transactionId.subarray(0, 4), 12);
  buf.set(a.infoHash.subarray(0, 20), 16);
  buf.set(a.peerId.subarray(0, 20), 36);
  buf.writeBigInt64BE(a.downloaded, 56);
  buf.writeBigInt64BE(a.left, 64);
  buf.writeBigInt64BE(a.uploaded, 72);
  buf.writeUInt32BE(UDP_EVENTS.indexOf(a.event), 80);
  buf.writeUInt32BE(a.ip ?? 0, 84);
  buf.set(a.key.subarray(0, 4), 88);
  buf.writeInt32BE(a.numWant, 92);
  buf.writeUInt16BE(a.port, 96);
  return a.urlData === undefined ? buf : Buffer.concat([buf, encodeUrlData(a.urlData)]);
}

export function encodeUdpScrapeRequest(
  connectionId: Uint8Array,
  transactionId: Uint8Array,
  infoHashes: readonly Uint8Array[],
): Buffer {
  const buf = Buffer.allocUnsafe(16 + infoHashes.length * 20);
  buf.set(connectionId.subarray(0, 8), 0);
  buf.writeUInt32BE(UDP_ACTION.scrape, 8);
  buf.set(transactionId.subarray(0, 4), 12);
  infoHashes.forEach((hash, i) => buf.set(hash.subarray(0, 20), 16 + i * 20));
  return buf;
}

export type UdpResponse =
  | { readonly action: 'connect'; readonly transactionId: Buffer; readonly connectionId: Buffer }
  | {
      readonly action: 'announce';
      readonly transactionId: Buffer;
      readonly interval: number;
      readonly leechers: number;
      readonly seeders: number;
      readonly peers: SwarmPeer[];
    }
  | { readonly action: 'scrape'; readonly transactionId: Buffer; readonly counts: SwarmCounts[] }
  | { readonly action: 'error'; readonly transactionId: Buffer; readonly message: string };

/**
 * Reads a tracker's answer. Peers are read as `ipBytes`-byte addresses: the family of the
 * request, which the answer does not say. A malformed answer is a ClientError.
 */
export function decodeUdpResponse(datagram: Buffer, ipBytes: 4 | 16 = 4): UdpResponse {
  if (datagram.length < 8) throw badAnswer(`${datagram.length} bytes`);
  const action = datagram.readUInt32BE(0);
  const transactionId = Buffer.from(datagram.subarray(4, 8));
  switch (action) {
    case UDP_ACTION.connect:
      if (datagram.length < 16) throw badAnswer('short connect answer');
      return { action: 'connect', transactionId, connectionId: Buffer.from(datagram.subarray(8, 16)) };
    case UDP_ACTION.announce: {
      if (datagram.length < UDP_ANNOUNCE_RESPONSE_HEADER_BYTES) throw badAnswer('short announce answer');
      const peerBytes = datagram.subarray(UDP_ANNOUNCE_RESPONSE_HEADER_BYTES);
      return {
        action: 'announce',
        transactionId,
        interval: datagram.readUInt32BE(8),
        leechers: datagram.readUInt32BE(12),
        seeders: datagram.readUInt32BE(16),
        peers: ipBytes === 4 ? decodeCompactPeers4(peerBytes) : decodeCompactPeers6(peerBytes),
      };
    }
    case UDP_ACTION.scrape:
      return { action: 'scrape', transactionId, counts: readScrapeCounts(datagram) };
    case UDP_ACTION.error:
      return { action: 'error', transactionId, message: datagram.toString('utf8', 8) };
    default:
      throw badAnswer(`unknown action ${action}`);
  }
}

function readScrapeCounts(datagram: Buffer): SwarmCounts[] {
  const bytes = datagram.length - UDP_SCRAPE_RESPONSE_HEADER_BYTES;
  if (bytes % UDP_SCRAPE_ENTRY_BYTES !== 0) throw badAnswer('scrape answer of a partial entry');
  const counts: SwarmCounts[] = [];
  for (let off = UDP_SCRAPE_RESPONSE_HEADER_BYTES; off < datagram.length; off += UDP_SCRAPE_ENTRY_BYTES) {
    counts.push({
      complete: datagram.readUInt32BE(off),
      downloaded: datagram.readUInt32BE(off + 4),
      incomplete: datagram.readUInt32BE(off + 8),
    });
  }
  return counts;
}

function badAnswer(why: string): ClientError {
  return new ClientError(`malformed UDP tracker answer: ${why}`, 'bad_answer');
}
