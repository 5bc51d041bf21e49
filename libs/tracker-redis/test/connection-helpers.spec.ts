import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteKeysByPrefix } from '../src/connection/delete-by-prefix.js';
import { redisReady } from '../src/connection/redis-ready.js';
import {
  createRedisTestContext,
  TEST_REDIS_URL,
  type RedisTestContext,
} from '../src/testing/redis-test-context.js';

let ctx: RedisTestContext;
beforeAll(async () => {
  ctx = await createRedisTestContext();
});
afterAll(async () => {
  await ctx.cleanup();
});

describe('deleteKeysByPrefix', () => {
  it('deletes every key under the prefix and nothing beside it', async () => {
    const prefix = `${ctx.keys.prefix}:del-${randomBytes(3).toString('hex')}`;
    const pipeline = ctx.redis.pipeline();
    for (let i = 0; i < 1500; i++) pipeline.set(`${prefix}:k${i}`, '1');
    pipeline.set(`${prefix}x:sibling`, '1');
    await pipeline.exec();
    expect(await deleteKeysByPrefix(ctx.redis, prefix)).toBe(1500);
    expect(await ctx.redis.exists(`${prefix}:k0`, `${prefix}:k1499`)).toBe(0);
    expect(await ctx.redis.exists(`${prefix}x:sibling`)).toBe(1);
  });
});

describe('redisReady', () => {
  it('resolves at once for a connected client', async () => {
    await ctx.redis.ping();
    await expect(redisReady(ctx.redis, 10)).resolves.toBeUndefined();
  });

  it('resolves when the client connects', async () => {
    const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
    const ready = redisReady(redis, 5000);
    void redis.connect();
    await ready;
    expect(redis.status).toBe('ready');
    await redis.quit();
  });

  it('gives up waiting after the timeout when Redis does not answer', async () => {
    // Port 1 on loopback: nothing listens, so the client never becomes ready.
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, retryStrategy: () => null });
    redis.on('error', () => undefined);
    void redis.connect().catch(() => undefined);
    await redisReady(redis, 50);
    expect(redis.status).not.toBe('ready');
    redis.disconnect();
  });
});
