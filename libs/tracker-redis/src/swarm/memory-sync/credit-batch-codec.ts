import type { AnnounceCredit, HeldReason, LedgerContext, SwarmAnnounce } from '@tracker/core';
import { EVENT_CODES } from '../announce-batch-codec.js';

/**
 * The wire format of the memory-sync credit batch (lua/credit-batch.lua, ADR 0019), packed as
 * the announce batch is (ADR 0010): a whole batch is ONE argument, the reply ONE string, and
 * the peer feed entry ONE field. Big-endian; `str8`/`str16` are a 1- or 2-byte length, then
 * that many bytes.
 *
 * Record: ledger u8 (0/1) | info hash hex (40) | peer slot id (8) | endpoint str8 (ip + port)
 * | event u8 (EVENT_CODES) | uploaded (8) | downloaded (8) | now, TTL ms, max credit rate
 * (0 none), torrent size (-1 unknown), completed-counter TTL ms: doubles | left str8 (decimal)
 * | user id str8 | torrent id str8 | peer key str16 | instance str8.
 *
 * KEYS: 1 stats stream, 2 the writer's seq key, 3 the peer feed. ARGV: 1 writer id, 2 batch
 * seq, 3 record count, 4 the records, 5 swarm key head, 6-9 suffixes (peers, peers6, data,
 * completed), 10 seq key TTL ms, 11 feed MAXLEN (approximate), 12 random seed.
 *
 * Reply: u8 0 (the seq was applied before: nothing done) or 1, then per record: status 1 |
 * credited up, down, held up, down (8 each) | completedNow u8 | reason length u8 | the swarm's
 * completed counter after it (double) | reason; status 5 (stale: Redis holds a
 * newer announce of the peer; nothing done); status 3 | str16 error message.
 *
 * Feed piece (per applied record, concatenated in the entry's `d` field): info hash hex (40) |
 * slot id (8) | endpoint str8 | band u8 (0 seeder, 1 leecher, 2 stopped) | time, user id (0
 * none), the swarm's completed counter after it: doubles.
 */
export interface CreditRecordInput extends Pick<
  SwarmAnnounce,
  | 'infoHash'
  | 'endpoint'
  | 'event'
  | 'uploaded'
  | 'downloaded'
  | 'left'
  | 'now'
  | 'peerTtlSeconds'
  | 'maxCreditRate'
  | 'torrentSize'
  | 'peerKey'
  | 'ledger'
> {
  /** 8 bytes: `peerSlotId(peerKey)`. */
  readonly slotId: Buffer;
  readonly completedTtlMs: number;
}

export function encodeCreditRecord(r: CreditRecordInput): Buffer {
  const ip = r.endpoint.ip;
  const left = r.left.toString();
  const ledger: LedgerContext | undefined = r.ledger;
  const userId = ledger ? String(ledger.userId) : '';
  const torrentId = ledger ? String(ledger.torrentId) : '';
  const instance = ledger?.instance ?? '';
  const peerKeyBytes = ledger ? Buffer.byteLength(r.peerKey) : 0;
  const size =
    1 + 40 + 8 + 1 + ip.length + 2 + 1 + 16 + 40 + 1 + left.length + 1 + userId.length + 1 +
    torrentId.length + 2 + peerKeyBytes + 1 + Buffer.byteLength(instance); // prettier-ignore
  const b = Buffer.allocUnsafe(size);
  let at = b.writeUInt8(ledger ? 1 : 0, 0);
  at += b.write(r.infoHash.toString('hex'), at, 'latin1');
  at += r.slotId.copy(b, at, 0, 8);
  at = b.writeUInt8(ip.length + 2, at);
  at += ip.copy(b, at);
  at = b.writeUInt16BE(r.endpoint.port, at);
  at = b.writeUInt8(EVENT_CODES[r.event], at);
  b.writeBigUInt64BE(r.uploaded, at);
  b.writeBigUInt64BE(r.downloaded, at + 8);
  at = b.writeDoubleBE(r.now, at + 16);
  at = b.writeDoubleBE(r.peerTtlSeconds * 1000, at);
  at = b.writeDoubleBE(r.maxCreditRate ?? 0, at);
  at = b.writeDoubleBE(r.torrentSize === undefined ? -1 : Number(r.torrentSize), at);
  at = b.writeDoubleBE(r.completedTtlMs, at);
  at = writeStr8(b, at, left);
  at = writeStr8(b, at, userId);
  at = writeStr8(b, at, torrentId);
  at = b.writeUInt16BE(peerKeyBytes, at);
  if (ledger) at += b.write(r.peerKey, at, 'utf8');
  writeStr8(b, at, instance);
  return b;
}

function writeStr8(b: Buffer, at: number, s: string): number {
  const n = b.write(s, at + 1, 'utf8');
  if (n > 255) throw new RangeError(`field longer than 255 bytes: ${s.slice(0, 20)}…`);
  b.writeUInt8(n, at);
  return at + 1 + n;
}

/** What the batch decided for one record. */
export type CreditOutcome =
  | (AnnounceCredit & {
      readonly status: 'credited';
      readonly completedNow: boolean;
      readonly completed: number;
    })
  | { readonly status: 'stale' }
  | { readonly status: 'failed'; readonly message: string };

/** The batch's reply: `duplicate` when its seq had been applied before (a retry): no outcomes then. */
export type CreditBatchReply =
  { readonly applied: false } | { readonly applied: true; readonly outcomes: readonly CreditOutcome[] };

export function decodeCreditReply(reply: Buffer, count: number): CreditBatchReply {
  if (reply.length < 1) throw new Error('empty credit batch reply');
  if (reply.readUInt8(0) === 0) return { applied: false };
  const outcomes: CreditOutcome[] = [];
  let at = 1;
  for (let i = 0; i < count; i++) {
    if (at >= reply.length) throw new Error(`credit batch reply holds ${i} of ${count} outcomes`);
    const status = reply.readUInt8(at++);
    if (status === 1) {
      const reasonLength = reply.readUInt8(at + 33);
      outcomes.push({
        status: 'credited',
        deltaUploaded: reply.readBigUInt64BE(at),
        deltaDownloaded: reply.readBigUInt64BE(at + 8),
        heldUploaded: reply.readBigUInt64BE(at + 16),
        heldDownloaded: reply.readBigUInt64BE(at + 24),
        completedNow: reply.readUInt8(at + 32) === 1,
        completed: reply.readDoubleBE(at + 34),
        heldReason: reply.toString('latin1', at + 42, at + 42 + reasonLength) as HeldReason,
      });
      at += 42 + reasonLength;
    } else if (status === 5) {
      outcomes.push({ status: 'stale' });
    } else {
      const length = reply.readUInt16BE(at);
      outcomes.push({ status: 'failed', message: reply.toString('utf8', at + 2, at + 2 + length) });
      at += 2 + length;
    }
  }
  return { applied: true, outcomes };
}

/** One peer change another announcer wrote (a feed piece). */
export interface FeedPeer {
  readonly infoHash: Buffer;
  readonly slotId: Buffer;
  readonly ip: Buffer;
  readonly port: number;
  /** 0 seeder, 1 leecher, 2 stopped. */
  readonly band: number;
  readonly time: number;
  /** 0: no ledger user (open mode). */
  readonly userId: number;
  /** The swarm's completed counter after this announce. */
  readonly completed: number;
}

/** The pieces of one feed entry's `d` field; a malformed tail throws (the caller reloads). */
export function decodeFeedPeers(d: Buffer): FeedPeer[] {
  const out: FeedPeer[] = [];
  let at = 0;
  while (at < d.length) {
    const endpointLength = d.readUInt8(at + 48);
    if (endpointLength !== 6 && endpointLength !== 18)
      throw new Error(`feed piece with a ${endpointLength}-byte endpoint`);
    const ep = at + 49;
    const tail = ep + endpointLength;
    if (tail + 25 > d.length) throw new Error('feed entry cut short');
    out.push({
      infoHash: Buffer.from(d.toString('latin1', at, at + 40), 'hex'),
      slotId: d.subarray(at + 40, at + 48),
      ip: d.subarray(ep, tail - 2),
      port: d.readUInt16BE(tail - 2),
      band: d.readUInt8(tail),
      time: d.readDoubleBE(tail + 1),
      userId: d.readDoubleBE(tail + 9),
      completed: d.readDoubleBE(tail + 17),
    });
    at = tail + 25;
  }
  return out;
}
