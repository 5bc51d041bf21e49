import { ClientError } from '../../errors/client-error.js';
import type { PeerEndpoint } from '../../swarm/swarm-store.js';

/** BEP 23: 4 address bytes + 2 port bytes, big endian. */
export const COMPACT_PEER4_BYTES = 6;
/** BEP 7: 16 address bytes + 2 port bytes, big endian. */
export const COMPACT_PEER6_BYTES = 18;

/** Writes peers in compact form at `off`; every peer must have an address of `ipBytes` bytes. */
export function writeCompactPeers(
  buf: Buffer,
  off: number,
  peers: readonly PeerEndpoint[],
  ipBytes: 4 | 16,
): number {
  for (const peer of peers) {
    if (peer.ip.length !== ipBytes) {
      throw new TypeError(`compact peer list for ${ipBytes}-byte addresses got a ${peer.ip.length}-byte one`);
    }
    buf.set(peer.ip, off);
    buf.writeUInt16BE(peer.port, off + ipBytes);
    off += ipBytes + 2;
  }
  return off;
}

/** `peers` of a compact response (BEP 23) as a standalone buffer. */
export function encodeCompactPeers4(peers: readonly PeerEndpoint[]): Buffer {
  const buf = Buffer.allocUnsafe(peers.length * COMPACT_PEER4_BYTES);
  writeCompactPeers(buf, 0, peers, 4);
  return buf;
}

/** `peers6` of a compact response (BEP 7) as a standalone buffer. */
export function encodeCompactPeers6(peers: readonly PeerEndpoint[]): Buffer {
  const buf = Buffer.allocUnsafe(peers.length * COMPACT_PEER6_BYTES);
  writeCompactPeers(buf, 0, peers, 16);
  return buf;
}

/** Reads a compact IPv4 peer list; a length that is not a multiple of 6 is a ClientError. */
export function decodeCompactPeers4(bytes: Uint8Array): PeerEndpoint[] {
  return decodeCompactPeers(bytes, 4);
}

/** Reads a compact IPv6 peer list; a length that is not a multiple of 18 is a ClientError. */
export function decodeCompactPeers6(bytes: Uint8Array): PeerEndpoint[] {
  return decodeCompactPeers(bytes, 16);
}

function decodeCompactPeers(bytes: Uint8Array, ipBytes: 4 | 16): PeerEndpoint[] {
  const stride = ipBytes + 2;
  if (bytes.length % stride !== 0) {
    throw new ClientError(
      `compact peer list length ${bytes.length} is not a multiple of ${stride}`,
      'invalid_peers',
    );
  }
  const peers: PeerEndpoint[] = [];
  for (let off = 0; off < bytes.length; off += stride) {
    const ip = Buffer.from(bytes.subarray(off, off + ipBytes));
    const port = (bytes[off + ipBytes] << 8) | bytes[off + ipBytes + 1];
    peers.push({ ip, port });
  }
  return peers;
}
