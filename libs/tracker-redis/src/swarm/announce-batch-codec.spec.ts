import { describe, expect, it } from '@jest/globals';
import {
  decodeBatchReply,
  decodeCountsReply,
  encodeAnnounceRecord,
  EVENT_CODES,
  peerSlotId,
} from './announce-batch-codec.js';

const input = {
  infoHash: Buffer.alloc(20, 0xab),
  peerId: Buffer.from('-XX0001-000000000042'),
  endpoint: { ip: Buffer.from([10, 0, 0, 7]), port: 6881 },
  event: 'completed' as const,
  uploaded: 2n ** 60n + 5n,
  downloaded: 7n,
  left: 0n,
  numWant: 50,
  peerTtlSeconds: 1800,
  minIntervalSeconds: 30,
  now: 1_700_000_000_123,
  maxCreditRate: 134_217_728,
  torrentSize: 5_000_000_000n,
  maxPeersPerUser: 3,
};

describe('encodeAnnounceRecord', () => {
  it('lays out a ledger-mode announce field by field, as the script reads it', () => {
    const b = encodeAnnounceRecord({
      input,
      mode: 1,
      peerKey: 'u7:abc',
      userId: 7,
      torrentId: 9,
      instance: 'a1',
      passkey: '',
      completedTtlMs: 1000,
    });
    let at = 0;
    const str8 = () => {
      const n = b[at];
      const s = b.toString('utf8', at + 1, at + 1 + n);
      at += 1 + n;
      return s;
    };
    expect(b[at++]).toBe(1);
    expect(b.toString('latin1', at, (at += 40))).toBe('ab'.repeat(20));
    expect(b.subarray(at, (at += 8))).toEqual(peerSlotId('u7:abc'));
    expect(b[at++]).toBe(6);
    expect([...b.subarray(at, (at += 6))]).toEqual([10, 0, 0, 7, 0x1a, 0xe1]);
    expect(b[at++]).toBe(EVENT_CODES.completed);
    expect(b.readBigUInt64BE(at)).toBe(2n ** 60n + 5n);
    expect(b.readBigUInt64BE(at + 8)).toBe(7n);
    expect([b.readDoubleBE(at + 16), b.readDoubleBE(at + 24), b.readDoubleBE(at + 32)]).toEqual([
      50, 1_800_000, 30_000,
    ]);
    expect(b.readDoubleBE(at + 40)).toBe(1_700_000_000_123);
    expect(b.readDoubleBE(at + 56)).toBe(1000);
    expect([b.readDoubleBE(at + 64), b.readDoubleBE(at + 72), b.readDoubleBE(at + 80)]).toEqual([
      134_217_728, 5_000_000_000, 3,
    ]);
    at += 88;
    expect([str8(), str8(), str8(), str8()]).toEqual(['0', '', '7', '9']);
    const peerKeyLength = b.readUInt16BE(at);
    expect(b.toString('utf8', at + 2, (at += 2 + peerKeyLength))).toBe('u7:abc');
    expect([str8(), str8()]).toEqual(['a1', '']);
    expect(at).toBe(b.length);
  });

  it('sends -1 for an unknown torrent size and 0 for no rate or peer limit', () => {
    const plain = { ...input, maxCreditRate: undefined, torrentSize: undefined, maxPeersPerUser: undefined };
    const b = encodeAnnounceRecord({
      input: plain,
      mode: 0,
      peerKey: 'k',
      userId: 0,
      torrentId: 0,
      instance: '',
      passkey: '',
      completedTtlMs: 1,
    });
    const numbers = 1 + 40 + 8 + 1 + 6 + 1;
    expect([64, 72, 80].map((o) => b.readDoubleBE(numbers + o))).toEqual([0, -1, 0]);
  });

  it('sends the passkey and the peer_id hex, not a peer key or slot id, in gate mode', () => {
    const b = encodeAnnounceRecord({
      input,
      mode: 2,
      peerKey: 'ignored',
      userId: 0,
      torrentId: 0,
      instance: 'a1',
      passkey: 'f'.repeat(32),
      completedTtlMs: 1000,
    });
    const text = b.toString('latin1');
    expect(text).toContain(`\x20${'f'.repeat(32)}`);
    expect(text.endsWith(`\x28${input.peerId.toString('hex')}`)).toBe(true);
    expect(text).not.toContain('ignored');
    expect(b.subarray(41, 49)).toEqual(Buffer.alloc(8));
  });

  it('refuses a field the one-byte length cannot carry instead of writing a corrupt record', () => {
    expect(() =>
      encodeAnnounceRecord({
        input,
        mode: 1,
        peerKey: 'k',
        userId: 1,
        torrentId: 1,
        instance: 'x'.repeat(300),
        passkey: '',
        completedTtlMs: 1,
      }),
    ).toThrow(RangeError);
  });
});

describe('decodeBatchReply', () => {
  it('reads one answer per announce, whatever its status', () => {
    const reason = 'too_fast';
    const ok = Buffer.alloc(1 + 24 + 1 + 32 + 1);
    ok.writeUInt8(1, 0);
    ok.writeDoubleBE(3, 1);
    ok.writeDoubleBE(4, 9);
    ok.writeDoubleBE(5, 17);
    ok.writeUInt8(1, 25);
    ok.writeBigUInt64BE(11n, 26);
    ok.writeBigUInt64BE(12n, 34);
    ok.writeBigUInt64BE(13n, 42);
    ok.writeBigUInt64BE(14n, 50);
    ok.writeUInt8(reason.length, 58);
    const peersLength = Buffer.from([0, 6]);
    const peers = Buffer.from([1, 2, 3, 4, 0, 80]);
    const tooSoon = Buffer.alloc(9);
    tooSoon.writeUInt8(0, 0);
    tooSoon.writeDoubleBE(17, 1);
    const refused = Buffer.concat([Buffer.from([2, 0, 15]), Buffer.from('unknown_passkey')]);
    const tooMany = Buffer.alloc(9);
    tooMany.writeUInt8(4, 0);
    tooMany.writeDoubleBE(3, 1);
    const reply = Buffer.concat([ok, Buffer.from(reason), peersLength, peers, tooSoon, refused, tooMany]);
    const replies = decodeBatchReply(reply, 4);
    expect(replies[0].slice(0, 5)).toEqual([1, 3, 4, 5, 1]);
    expect(replies[0].slice(5, 9).map((b) => (b as Buffer).readBigUInt64BE(0))).toEqual([11n, 12n, 13n, 14n]);
    expect(replies[0][9]).toBe('too_fast');
    expect(replies[0][10]).toEqual(peers);
    expect(replies[1]).toEqual([0, 17]);
    expect(replies[2]).toEqual([2, 'unknown_passkey']);
    expect(replies[3]).toEqual([4, 3]);
  });

  it('says so when the reply holds fewer answers than the batch had announces', () => {
    expect(() => decodeBatchReply(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0]), 2)).toThrow('holds 1 of 2');
  });
});

describe('decodeCountsReply', () => {
  it('reads complete, incomplete and downloaded of each swarm, in order', () => {
    const b = Buffer.alloc(48);
    [3, 4, 5, 0, 1, 2 ** 40].forEach((v, i) => b.writeDoubleBE(v, i * 8));
    expect(decodeCountsReply(b, 2)).toEqual([
      { complete: 3, incomplete: 4, downloaded: 5 },
      { complete: 0, incomplete: 1, downloaded: 2 ** 40 },
    ]);
  });

  it('refuses a reply of the wrong size', () => {
    expect(() => decodeCountsReply(Buffer.alloc(24), 2)).toThrow('24 bytes for 2 swarms');
  });
});
