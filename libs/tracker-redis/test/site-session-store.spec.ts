import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sessionHandle } from '@tracker/core';
import { runSessionStoreContract } from '@tracker/core/testing';
import { RedisSessionStore } from '../src/site/redis-session-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

runSessionStoreContract('RedisSessionStore', async () => {
  const ctx = await createRedisTestContext();
  const store = new RedisSessionStore(await ctx.connect(), ctx.keys);
  return {
    store,
    close: async () => {
      await store.close();
      await ctx.cleanup();
    },
  };
});

describe('RedisSessionStore keys (KEY-SCHEMA.md, "CMS sessions")', () => {
  let ctx: RedisTestContext;
  let store: RedisSessionStore;

  beforeAll(async () => {
    ctx = await createRedisTestContext();
    store = new RedisSessionStore(await ctx.connect(), ctx.keys);
  });

  afterAll(async () => {
    await store?.close();
    await ctx?.cleanup();
  });

  it('keeps only the hash of the cookie value, with a TTL, and the user set no shorter', async () => {
    const sessionId = await store.create(7, 60_000);
    const keys = await ctx.redis.keys(`${ctx.keys.prefix}:*`);
    expect(keys.some((k) => k.includes(sessionId))).toBe(false);
    const session = keys.find((k) => k.startsWith(`${ctx.keys.prefix}:cms:session:`));
    expect(await ctx.redis.pttl(session ?? '')).toBeGreaterThan(0);
    expect(await ctx.redis.pttl(ctx.keys.userSessions(7))).toBeGreaterThan(59_000);
  });

  it('reads a value it did not write as no session', async () => {
    const sessionId = await store.create(8, 60_000);
    await ctx.redis.set(ctx.keys.session(sessionHandle(sessionId)), '{"u":"8"}', 'KEEPTTL');
    expect(await store.lookup(sessionId)).toBeNull();
  });
});
