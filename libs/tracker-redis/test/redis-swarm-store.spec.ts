import { afterAll, beforeAll } from '@jest/globals';
import { runSwarmStoreContract } from '@tracker/core/testing';
import { decodeStatsEntry } from '../src/stats/stats-entry-codec.js';
import { RedisSwarmStore } from '../src/swarm/redis-swarm-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

// The same contract the in-memory store passes, against the real Redis (TEST_REDIS_URL).
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
    ledgerEntries: async () =>
      (await ctx.redis.xrange(keys.statsStream, '-', '+')).map(([, f]) => decodeStatsEntry(f)),
    cleanup: () => store.close(),
  };
});
