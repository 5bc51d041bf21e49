import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { runSwarmStoreContract } from '@tracker/core/testing';
import { decodeStatsEntry } from '../src/stats/stats-entry-codec.js';
import { RedisRegistryWriter } from '../src/registry/redis-registry-writer.js';
import { RedisSwarmStore } from '../src/swarm/redis-swarm-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

// The same contract the in-memory store passes, against the real Redis (TEST_REDIS_URL); its
// private-mode cases write the registry the announce script reads.
let ctx: RedisTestContext;
beforeAll(async () => {
  ctx = await createRedisTestContext();
});
afterAll(async () => {
  await ctx.cleanup();
});

runSwarmStoreContract('redis', async () => {
  // A fresh stream key per test: the suite reads back exactly what one test appended.
  const keys = {
    ...ctx.keys,
    statsStream: `${ctx.keys.prefix}:stats:${Math.random().toString(36).slice(2)}`,
  };
  const store = new RedisSwarmStore({ redis: ctx.redis, keys, peerTtlSeconds: 1800 });
  return {
    store,
    registry: new RedisRegistryWriter(ctx.redis, keys),
    ledgerEntries: async () =>
      (await ctx.redis.xrange(keys.statsStream, '-', '+')).map(([, f]) => decodeStatsEntry(f)),
    cleanup: () => store.close(),
  };
});

describe('RedisSwarmStore.announceRegistered beyond the contract', () => {
  it('writes no key at all for a refused announce', async () => {
    const store = new RedisSwarmStore({ redis: ctx.redis, keys: ctx.keys, peerTtlSeconds: 600 });
    const infoHash = randomBytes(20);
    const result = await store.announceRegistered({
      passkey: randomBytes(16).toString('hex'),
      instance: 'i-1',
      infoHash,
      peerId: randomBytes(20),
      endpoint: { ip: Buffer.from([10, 1, 1, 1]), port: 6881 },
      event: 'started',
      uploaded: 0n,
      downloaded: 0n,
      left: 10n,
      numWant: 10,
      peerTtlSeconds: 600,
      minIntervalSeconds: 60,
      now: Date.now(),
    });
    expect(result).toEqual({ status: 'refused', code: 'unknown_passkey' });
    const swarm = ctx.keys.swarm(infoHash);
    expect(await ctx.redis.exists(swarm.peers, swarm.peers6, swarm.peerData, swarm.users)).toBe(0);
  });
});
