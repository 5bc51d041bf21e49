import { createHash, randomInt } from 'node:crypto';
import type { AnnounceEvent, SwarmAnnounce, SwarmCounts } from '@tracker/core';
import type { AnnounceReply } from './announce-batcher.js';

/**
 * The wire format between RedisSwarmStore and the batch script (announce-script.ts): each
 * announce is one packed record and a whole batch is ONE argument, and the script answers the
 * batch with ONE packed string. Hundreds of small RESP arguments and nested reply arrays per
 * batch were most of Node's work per announce (parsing, conversion, garbage), so both sides
 * read fixed offsets instead. Big-endian throughout; `str8`/`str16` are a 1- or 2-byte
 * length followed by that many bytes.
 *
 * Record: mode u8 (0 no ledger, 1 ledger, 2 registry gate) | info hash hex (40) | peer slot
 * id (8; zeros in gate mode, where the script derives it) | endpoint str8 (ip + port) | event
 * u8 (EVENT_CODES) | numbers (88, `packAnnounceNumbers`) | left str8 (decimal) | passkey str8
 * (gate mode) | user id str8 | torrent id str8 (ledger mode) | peer key str16 (not in gate
 * mode) | instance str8 | peer_id hex str8 (gate mode: the peer key's suffix).
 */
export const EVENT_CODES: Readonly<Record<AnnounceEvent, number>> = {
  none: 1,
  started: 2,
  completed: 3,
  stopped: 4,
  paused: 5,
};

export interface AnnounceRecord {
  readonly input: Omit<SwarmAnnounce, 'peerKey' | 'ledger'>;
  readonly mode: 0 | 1 | 2;
  readonly peerKey: string;
  readonly userId: number;
  readonly torrentId: number;
  readonly instance: string;
  readonly passkey: string;
  readonly completedTtlMs: number;
}

const ZERO_ID = Buffer.alloc(8);

export function encodeAnnounceRecord(r: AnnounceRecord): Buffer {
  const { input } = r;
  const ip = input.endpoint.ip;
  const left = input.left.toString();
  const userId = r.mode === 1 ? String(r.userId) : '';
  const torrentId = r.mode === 1 ? String(r.torrentId) : '';
  const peerKey = r.mode === 2 ? '' : r.peerKey;
  const peerIdHex = r.mode === 2 ? input.peerId.toString('hex') : '';
  const size =
    1 +
    40 +
    8 +
    1 +
    ip.length +
    2 +
    1 +
    NUMBERS_BYTES +
    1 +
    left.length +
    1 +
    r.passkey.length +
    1 +
    userId.length +
    1 +
    torrentId.length +
    2 +
    Buffer.byteLength(peerKey) +
    1 +
    Buffer.byteLength(r.instance) +
    1 +
    peerIdHex.length;
  const b = Buffer.allocUnsafe(size);
  let at = b.writeUInt8(r.mode, 0);
  at += b.write(input.infoHash.toString('hex'), at, 'latin1');
  at += (r.mode === 2 ? ZERO_ID : peerSlotId(r.peerKey)).copy(b, at);
  at = b.writeUInt8(ip.length + 2, at);
  at += ip.copy(b, at);
  at = b.writeUInt16BE(input.endpoint.port, at);
  at = b.writeUInt8(EVENT_CODES[input.event], at);
  at = packAnnounceNumbers(b, at, input, r.completedTtlMs);
  at = writeStr8(b, at, left);
  at = writeStr8(b, at, r.passkey);
  at = writeStr8(b, at, userId);
  at = writeStr8(b, at, torrentId);
  at = b.writeUInt16BE(Buffer.byteLength(peerKey), at);
  at += b.write(peerKey, at, 'utf8');
  at = writeStr8(b, at, r.instance);
  writeStr8(b, at, peerIdHex);
  return b;
}

function writeStr8(b: Buffer, at: number, s: string): number {
  const n = b.write(s, at + 1, 'utf8');
  if (n > 255) throw new RangeError(`field longer than 255 bytes: ${s.slice(0, 20)}…`);
  b.writeUInt8(n, at);
  return at + 1 + n;
}

/**
 * 8 bytes of SHA-1 of the caller's peer key: a fixed, short member keeps memory per peer
 * low (KEY-SCHEMA.md). 64 bits make a collision inside one swarm negligible.
 */
export function peerSlotId(peerKey: string): Buffer {
  return createHash('sha1').update(peerKey).digest().subarray(0, 8);
}

/** Size of the numbers block of a record. */
export const NUMBERS_BYTES = 88;

/**
 * The counters as exact 8-byte big-endian integers, then the small numbers as big-endian
 * doubles (the script reads them with one `struct.unpack('>c8c8ddddddddd')`): numWant, TTL ms,
 * min interval ms, now, random seed, completed-counter TTL ms, max credit rate (bytes/s, 0
 * none), torrent size (-1 unknown; exact below 2^53, 8 PiB), max peers per user (0 none).
 * Returns the end.
 */
export function packAnnounceNumbers(
  b: Buffer,
  at: number,
  input: Pick<
    SwarmAnnounce,
    | 'uploaded'
    | 'downloaded'
    | 'numWant'
    | 'peerTtlSeconds'
    | 'minIntervalSeconds'
    | 'now'
    | 'maxCreditRate'
    | 'torrentSize'
    | 'maxPeersPerUser'
  >,
  completedTtlMs: number,
): number {
  b.writeBigUInt64BE(input.uploaded, at);
  b.writeBigUInt64BE(input.downloaded, at + 8);
  b.writeDoubleBE(input.numWant, at + 16);
  b.writeDoubleBE(input.peerTtlSeconds * 1000, at + 24);
  b.writeDoubleBE(input.minIntervalSeconds * 1000, at + 32);
  b.writeDoubleBE(input.now, at + 40);
  b.writeDoubleBE(randomInt(1, 2 ** 31 - 1), at + 48);
  b.writeDoubleBE(completedTtlMs, at + 56);
  b.writeDoubleBE(input.maxCreditRate ?? 0, at + 64);
  b.writeDoubleBE(input.torrentSize === undefined ? -1 : Number(input.torrentSize), at + 72);
  b.writeDoubleBE(input.maxPeersPerUser ?? 0, at + 80);
  return at + NUMBERS_BYTES;
}

/**
 * The script's answer for a batch, one tuple per announce in order: [0, retryAfterSeconds]
 * too soon; [1, complete, incomplete, downloaded, completedNow, deltaUp (8 bytes), deltaDown
 * (8 bytes), heldUp (8 bytes), heldDown (8 bytes), heldReason, compact peers]; [2, refusal
 * code]; [3, error message]; [4, maxPeers] too many peers of the user.
 */
export function decodeBatchReply(reply: Buffer, count: number): AnnounceReply[] {
  const out: AnnounceReply[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at >= reply.length) throw new Error(`announce batch reply holds ${i} of ${count} answers`);
    const status = reply.readUInt8(at);
    at += 1;
    if (status === 1) {
      const reasonLength = reply.readUInt8(at + 57);
      const peersAt = at + 58 + reasonLength;
      const peersLength = reply.readUInt16BE(peersAt);
      out.push([
        1,
        reply.readDoubleBE(at),
        reply.readDoubleBE(at + 8),
        reply.readDoubleBE(at + 16),
        reply.readUInt8(at + 24),
        reply.subarray(at + 25, at + 33),
        reply.subarray(at + 33, at + 41),
        reply.subarray(at + 41, at + 49),
        reply.subarray(at + 49, at + 57),
        reply.toString('latin1', at + 58, peersAt),
        reply.subarray(peersAt + 2, peersAt + 2 + peersLength),
      ]);
      at = peersAt + 2 + peersLength;
    } else if (status === 0 || status === 4) {
      out.push([status, reply.readDoubleBE(at)]);
      at += 8;
    } else {
      const length = reply.readUInt16BE(at);
      out.push([status, reply.toString('utf8', at + 2, at + 2 + length)]);
      at += 2 + length;
    }
  }
  return out;
}

/** The counts script's answer: three big-endian doubles per swarm, in order. */
export function decodeCountsReply(reply: Buffer, count: number): SwarmCounts[] {
  if (reply.length !== count * 24)
    throw new Error(`counts reply of ${reply.length} bytes for ${count} swarms`);
  const out: SwarmCounts[] = [];
  for (let at = 0; at < reply.length; at += 24) {
    out.push({
      complete: reply.readDoubleBE(at),
      incomplete: reply.readDoubleBE(at + 8),
      downloaded: reply.readDoubleBE(at + 16),
    });
  }
  return out;
}
