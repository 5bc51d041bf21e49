import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createKeySchema } from '@tracker/redis';
import { RedisSessionStore } from '../../src/auth/redis-session-store.js';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('RedisSessionStore against the real Redis', () => {
  const prefix = `test:${randomBytes(6).toString('hex')}`;
  let redis: Redis;
  let store: RedisSessionStore;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping();
    store = new RedisSessionStore(redis, createKeySchema(prefix));
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    store.onApplicationShutdown();
  });

  it('maps a new session to its user and forgets it on destroy', async () => {
    const sessionId = await store.create(42, 60_000);
    expect(await store.find(sessionId)).toBe(42);
    await store.destroy(sessionId);
    expect(await store.find(sessionId)).toBeNull();
  });

  it('keeps only the hash of the cookie value in Redis, with a TTL', async () => {
    const sessionId = await store.create(7, 60_000);
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.some((k) => k.includes(sessionId))).toBe(false);
    const key = keys.find((k) => k.startsWith(`${prefix}:cms:session:`));
    expect(await redis.pttl(key!)).toBeGreaterThan(0);
  });

  it('expires sessions after their TTL', async () => {
    const sessionId = await store.create(9, 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.find(sessionId)).toBeNull();
  });

  it('answers null for an unknown session', async () => {
    expect(await store.find('x'.repeat(43))).toBeNull();
  });
});
