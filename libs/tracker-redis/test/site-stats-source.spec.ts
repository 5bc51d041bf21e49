import { describe, expect, it } from '@jest/globals';
import type { StatsEntry } from '@tracker/core';
import { runStatsSourceContract } from '@tracker/core/testing';
import { RedisStatsSource } from '../src/site/redis-stats-source.js';
import { encodeStatsEntry } from '../src/stats/stats-entry-codec.js';
import { createRedisTestContext } from '../src/testing/redis-test-context.js';

runStatsSourceContract('RedisStatsSource', async () => {
  const ctx = await createRedisTestContext();
  const source = new RedisStatsSource(await ctx.connect(), ctx.keys, {
    consumer: 'contract',
    claimIdleMs: 0,
  });
  return {
    source,
    append: async (entry) =>
      (await ctx.redis.xadd(ctx.keys.statsStream, '*', ...encodeStatsEntry(entry))) as string,
    close: async () => {
      await source.close();
      await ctx.cleanup();
    },
  };
});

describe('RedisStatsSource beyond the contract', () => {
  it('delivers an entry it cannot decode with the reason and its fields, for the dead letters', async () => {
    const ctx = await createRedisTestContext();
    const source = new RedisStatsSource(await ctx.connect(), ctx.keys, {
      consumer: 'poison',
      claimIdleMs: 0,
    });
    try {
      const fields = ['u', '1', 't', '1', 'h', 'zz', 'e', 'none'];
      const id = (await ctx.redis.xadd(ctx.keys.statsStream, '*', ...fields)) as string;
      const [delivery] = await source.read(10);
      expect(delivery).toEqual({
        id,
        entry: null,
        error: 'bad info hash',
        raw: fields,
        deliveries: 1,
      });
      if (!delivery) throw new Error('not delivered');
      await source.deadLetter(delivery, 'malformed: bad info hash');
      const [[, dead]] = (await ctx.redis.xrange(ctx.keys.statsDeadLetter, '-', '+')) as [[string, string[]]];
      expect(dead).toEqual([
        'source_id',
        id,
        'reason',
        'malformed: bad info hash',
        'deliveries',
        '1',
        ...fields,
      ]);
    } finally {
      await source.close();
      await ctx.cleanup();
    }
  });

  it('recreates a lost consumer group from the stream start and reads on', async () => {
    const ctx = await createRedisTestContext();
    const source = new RedisStatsSource(await ctx.connect(), ctx.keys, {
      consumer: 'regroup',
      claimIdleMs: 0,
    });
    try {
      const first = (await ctx.redis.xadd(
        ctx.keys.statsStream,
        '*',
        ...encodeStatsEntry(entryFor(1)),
      )) as string;
      expect((await source.read(10)).map((d) => d.id)).toEqual([first]);
      await ctx.redis.xgroup('DESTROY', ctx.keys.statsStream, 'cms');
      expect((await source.read(10)).map((d) => d.id)).toEqual([first]);
    } finally {
      await source.close();
      await ctx.cleanup();
    }
  });
});

function entryFor(userId: number): StatsEntry {
  return {
    userId,
    torrentId: 1,
    infoHashHex: 'cd'.repeat(20),
    peerKey: `u${userId}:2d`,
    deltaUploaded: 1n,
    deltaDownloaded: 0n,
    heldUploaded: 0n,
    heldDownloaded: 0n,
    heldReason: '',
    left: 0n,
    event: 'none',
    seeding: true,
    timestamp: Date.now(),
    instance: 'a-1',
  };
}
