import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { runRegistryContract } from '@tracker/core/testing';
import { RedisRegistryReader } from '../src/registry/redis-registry-reader.js';
import { RedisRegistryWriter } from '../src/registry/redis-registry-writer.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

let ctx: RedisTestContext;
beforeAll(async () => {
  ctx = await createRedisTestContext();
});
afterAll(async () => {
  await ctx.cleanup();
});

const passkey = () => randomBytes(16).toString('hex');

// The contract the in-memory registry passes (tracker-core), against the real Redis.
runRegistryContract('redis (no cache)', async () => ({
  reader: new RedisRegistryReader({ redis: ctx.redis, keys: ctx.keys, cacheTtlMs: 0 }),
  writer: new RedisRegistryWriter(ctx.redis, ctx.keys),
}));

describe('RedisRegistryReader specifics', () => {
  it('bumps the registry version on every write', async () => {
    const writer = new RedisRegistryWriter(ctx.redis, ctx.keys);
    const before = Number((await ctx.redis.get(ctx.keys.registryVersion)) ?? 0);
    await writer.publishTorrent(randomBytes(20), { torrentId: 1, freeleech: false });
    await writer.upsertUser(passkey(), { userId: 1, enabled: true, canLeech: true });
    expect(Number(await ctx.redis.get(ctx.keys.registryVersion))).toBe(before + 2);
  });

  it('reuses an answer for the cache TTL, then sees the change', async () => {
    let now = 1_000;
    const reader = new RedisRegistryReader({
      redis: ctx.redis,
      keys: ctx.keys,
      cacheTtlMs: 500,
      clock: () => now,
    });
    const writer = new RedisRegistryWriter(ctx.redis, ctx.keys);
    const pk = passkey();
    await writer.upsertUser(pk, { userId: 5, enabled: true, canLeech: true });
    expect((await reader.findUser(pk))?.enabled).toBe(true);
    await writer.upsertUser(pk, { userId: 5, enabled: false, canLeech: true });
    expect((await reader.findUser(pk))?.enabled).toBe(true);
    now += 501;
    expect((await reader.findUser(pk))?.enabled).toBe(false);
  });

  it('caches what findTorrents read, and reads only the hashes it has no answer for', async () => {
    let now = 1_000;
    const reader = new RedisRegistryReader({
      redis: ctx.redis,
      keys: ctx.keys,
      cacheTtlMs: 500,
      clock: () => now,
    });
    const writer = new RedisRegistryWriter(ctx.redis, ctx.keys);
    const [a, b] = [randomBytes(20), randomBytes(20)];
    await writer.publishTorrent(a, { torrentId: 31, freeleech: false });
    expect(await reader.findTorrents([a])).toEqual([{ torrentId: 31, freeleech: false }]);
    await writer.unpublishTorrent(a);
    await writer.publishTorrent(b, { torrentId: 32, freeleech: false });
    expect(await reader.findTorrents([a, b])).toEqual([
      { torrentId: 31, freeleech: false },
      { torrentId: 32, freeleech: false },
    ]);
    now += 501;
    expect(await reader.findTorrents([b, a])).toEqual([{ torrentId: 32, freeleech: false }, null]);
  });

  it('reads a malformed registry entry as not registered', async () => {
    const reader = new RedisRegistryReader({ redis: ctx.redis, keys: ctx.keys, cacheTtlMs: 0 });
    const pk = passkey();
    await ctx.redis.hset(ctx.keys.user(pk), { id: 'abc', en: '1', lc: '1' });
    expect(await reader.findUser(pk)).toBeNull();
  });
});
