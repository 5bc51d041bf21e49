import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { RedisRegistryReader } from '../src/registry/redis-registry-reader.js';
import { RedisRegistryWriter } from '../src/registry/redis-registry-writer.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

// The full republish's side of the writer: many grants per command, and the epoch marker.
let ctx: RedisTestContext;
let writer: RedisRegistryWriter;
let reader: RedisRegistryReader;
beforeAll(async () => {
  ctx = await createRedisTestContext();
  writer = new RedisRegistryWriter(ctx.redis, ctx.keys);
  reader = new RedisRegistryReader({ redis: ctx.redis, keys: ctx.keys, cacheTtlMs: 0 });
});
afterAll(async () => {
  await ctx.cleanup();
});

const passkey = () => randomBytes(16).toString('hex');

describe('RedisRegistryWriter.writeBatch', () => {
  it('replaces each hash whole, removes those without a grant, and bumps the version once', async () => {
    const [kept, removed] = [passkey(), passkey()];
    const [torrent, unpublished] = [randomBytes(20), randomBytes(20)];
    await writer.upsertUser(removed, { userId: 2, enabled: true, canLeech: true });
    await writer.publishTorrent(unpublished, { torrentId: 8, freeleech: false });
    await ctx.redis.hset(ctx.keys.user(kept), 'stale', 'field');
    const before = Number(await ctx.redis.get(ctx.keys.registryVersion));

    await writer.writeBatch({
      users: [
        { passkey: kept, grant: { userId: 1, enabled: false, canLeech: true } },
        { passkey: removed, grant: null },
      ],
      torrents: [
        { infoHash: torrent, grant: { torrentId: 7, freeleech: true } },
        { infoHash: unpublished, grant: null },
      ],
    });

    expect(await ctx.redis.hgetall(ctx.keys.user(kept))).toEqual({ id: '1', en: '0', lc: '1' });
    expect(await reader.lookup(removed, torrent)).toEqual({
      user: null,
      torrent: { torrentId: 7, freeleech: true },
    });
    expect(await ctx.redis.exists(ctx.keys.torrent(unpublished))).toBe(0);
    // One bump per kind: users and torrents go in one command each, sent together.
    expect(Number(await ctx.redis.get(ctx.keys.registryVersion))).toBe(before + 2);
  });

  it('writes 10,000 grants in one batch', async () => {
    const users = Array.from({ length: 10_000 }, (_, i) => ({
      passkey: passkey(),
      grant: { userId: i + 1, enabled: true, canLeech: i % 2 === 0 },
    }));
    await writer.writeBatch({ users, torrents: [] });
    const last = users.at(-1);
    expect(await reader.findUser(last?.passkey ?? '')).toEqual(last?.grant);
  });

  it('refuses the whole batch when one passkey is malformed, writing nothing', async () => {
    const good = passkey();
    await expect(
      writer.writeBatch({
        users: [
          { passkey: good, grant: { userId: 1, enabled: true, canLeech: true } },
          { passkey: 'nope', grant: null },
        ],
        torrents: [],
      }),
    ).rejects.toThrow(/32 hexadecimal/);
    expect(await ctx.redis.exists(ctx.keys.user(good))).toBe(0);
  });
});

describe('RedisRegistryWriter epoch', () => {
  it('claims an epoch only where none is, and reports the one Redis holds', async () => {
    expect(await writer.readEpoch()).toBeNull();
    expect(await writer.claimEpoch('first')).toBe('first');
    expect(await writer.claimEpoch('second')).toBe('first');
    expect(await writer.readEpoch()).toBe('first');
  });
});
