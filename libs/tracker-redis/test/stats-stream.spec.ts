import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { StatsEntry } from '@tracker/core';
import { decodeStatsEntry, encodeStatsEntry, StatsEntryError } from '../src/stats/stats-entry-codec.js';
import { RedisSwarmStore } from '../src/swarm/redis-swarm-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

let ctx: RedisTestContext;
beforeAll(async () => {
  ctx = await createRedisTestContext();
});
afterAll(async () => {
  await ctx.cleanup();
});

const entry: StatsEntry = {
  userId: 42,
  torrentId: 7,
  infoHashHex: 'ab'.repeat(20),
  peerKey: 'u42:2d5454',
  deltaUploaded: 2n ** 63n - 1n,
  deltaDownloaded: 0n,
  heldUploaded: 0n,
  heldDownloaded: 0n,
  heldReason: '',
  left: 123n,
  event: 'completed',
  seeding: false,
  timestamp: 1_800_000_000_123,
  instance: 'a-1',
};

describe('stats entry codec', () => {
  it('decodes what it encodes, 64-bit counters included', () => {
    expect(decodeStatsEntry(encodeStatsEntry(entry))).toEqual(entry);
  });

  it('writes the held fields only when something was held, and reads them back', () => {
    expect(encodeStatsEntry(entry)).not.toContain('hr');
    const held: StatsEntry = {
      ...entry,
      deltaUploaded: 0n,
      heldUploaded: 5_368_709_120n,
      heldDownloaded: 2n ** 63n - 1n,
      heldReason: 'too_fast,no_leechers,over_size',
    };
    const fields = encodeStatsEntry(held);
    expect(fields.slice(-6)).toEqual([
      'hu',
      '5368709120',
      'hd',
      '9223372036854775807',
      'hr',
      'too_fast,no_leechers,over_size',
    ]);
    expect(decodeStatsEntry(fields)).toEqual(held);
  });

  it.each([
    ['an unknown cause', 'bogus'],
    ['a cause twice', 'too_fast,too_fast'],
    ['causes out of order', 'over_size,too_fast'],
    ['an empty cause', 'too_fast,'],
  ])('rejects a held reason with %s', (_, reason) => {
    const fields = encodeStatsEntry({ ...entry, heldUploaded: 1n, heldReason: 'too_fast' });
    fields[fields.indexOf('hr') + 1] = reason;
    expect(() => decodeStatsEntry(fields)).toThrow(StatsEntryError);
  });

  it.each([
    ['a negative delta', 'du', '-5'],
    ['a counter above 2^63-1', 'dd', '9223372036854775808'],
    ['an unknown event', 'e', 'exploded'],
    ['a bad info hash', 'h', 'zz'],
    ['a missing user id', 'u', ''],
  ])('rejects %s with StatsEntryError', (_, field, value) => {
    const fields = encodeStatsEntry(entry);
    fields[fields.indexOf(field) + 1] = value;
    expect(() => decodeStatsEntry(fields)).toThrow(StatsEntryError);
  });
});

describe('stats stream written by the announce script', () => {
  it('carries every StatsEntry field of an accepted announce', async () => {
    const keys = { ...ctx.keys, statsStream: `${ctx.keys.prefix}:stats:a` };
    const store = new RedisSwarmStore({ redis: ctx.redis, keys, peerTtlSeconds: 600 });
    const infoHash = randomBytes(20);
    const base = {
      infoHash,
      peerId: randomBytes(20),
      peerKey: 'u42:abc',
      endpoint: { ip: Buffer.from([10, 0, 0, 1]), port: 6881 },
      numWant: 0,
      peerTtlSeconds: 600,
      minIntervalSeconds: 0,
      ledger: { userId: 42, torrentId: 7, instance: 'a-1' },
    } as const;
    // Another leecher, so the upload below is one somebody could have received.
    await store.announce({
      ...base,
      peerKey: 'u43:def',
      ledger: undefined,
      event: 'started',
      uploaded: 0n,
      downloaded: 0n,
      left: 5n,
      now: 1000,
    });
    await store.announce({ ...base, event: 'started', uploaded: 10n, downloaded: 0n, left: 5n, now: 1000 });
    await store.announce({ ...base, event: 'none', uploaded: 60n, downloaded: 5n, left: 0n, now: 2000 });
    const entries = (await ctx.redis.xrange(keys.statsStream, '-', '+')).map(([, f]) => decodeStatsEntry(f));
    expect(entries[1]).toEqual({
      userId: 42,
      torrentId: 7,
      infoHashHex: infoHash.toString('hex'),
      peerKey: 'u42:abc',
      deltaUploaded: 50n,
      deltaDownloaded: 5n,
      heldUploaded: 0n,
      heldDownloaded: 0n,
      heldReason: '',
      left: 0n,
      event: 'none',
      seeding: true,
      timestamp: 2000,
      instance: 'a-1',
    });
  });
});

describe('an announce step that fails part-way (no rollback in a script)', () => {
  function setup(name: string) {
    const keys = { ...ctx.keys, statsStream: `${ctx.keys.prefix}:stats:${name}` };
    const store = new RedisSwarmStore({ redis: ctx.redis, keys, peerTtlSeconds: 600 });
    const infoHash = randomBytes(20);
    const announce = (uploaded: bigint, now: number) =>
      store.announce({
        infoHash,
        peerId: Buffer.alloc(20, 1),
        peerKey: 'u9:peer',
        endpoint: { ip: Buffer.from([10, 0, 0, 9]), port: 6881 },
        event: 'none',
        uploaded,
        downloaded: 0n,
        left: 5n,
        numWant: 0,
        peerTtlSeconds: 600,
        minIntervalSeconds: 0,
        now,
        ledger: { userId: 9, torrentId: 3, instance: 'a-1' },
      });
    const credited = async () =>
      (await ctx.redis.xrange(keys.statsStream, '-', '+')).map(([, f]) => decodeStatsEntry(f).deltaUploaded);
    // Someone to upload to (else the upload is held as no_leechers), announcing before each test.
    const leecher = () =>
      store.announce({
        infoHash,
        peerId: Buffer.alloc(20, 2),
        peerKey: 'u8:peer',
        endpoint: { ip: Buffer.from([10, 0, 0, 8]), port: 6881 },
        event: 'started',
        uploaded: 0n,
        downloaded: 0n,
        left: 5n,
        numWant: 0,
        peerTtlSeconds: 600,
        minIntervalSeconds: 0,
        now: 500,
      });
    return { keys, swarm: keys.swarm(infoHash), announce, credited, leecher };
  }

  it('keeps the baseline when the ledger entry is refused, so the bytes are credited later', async () => {
    const { keys, swarm, announce, credited, leecher } = setup('refused');
    await leecher();
    await announce(100n, 1000);
    const record = await ctx.redis.hgetallBuffer(swarm.peerData);
    await ctx.redis.rename(keys.statsStream, `${keys.statsStream}:saved`);
    await ctx.redis.set(keys.statsStream, 'not a stream');
    await expect(announce(400n, 2000)).rejects.toThrow(/WRONGTYPE/);
    expect(await ctx.redis.hgetallBuffer(swarm.peerData)).toEqual(record);
    await ctx.redis.rename(`${keys.statsStream}:saved`, keys.statsStream);
    await announce(400n, 3000);
    expect(await credited()).toEqual([0n, 300n]);
  });

  it('appends no ledger entry when the swarm cannot be written, so nothing is credited twice', async () => {
    const { swarm, announce, credited } = setup('broken-swarm');
    await ctx.redis.set(swarm.peerData, 'not a hash');
    await expect(announce(100n, 1000)).rejects.toThrow(/WRONGTYPE/);
    await expect(announce(200n, 2000)).rejects.toThrow(/WRONGTYPE/);
    expect(await credited()).toEqual([]);
  });
});
