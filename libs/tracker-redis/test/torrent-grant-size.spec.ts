import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { RedisRegistryReader } from '../src/registry/redis-registry-reader.js';
import { RedisRegistryWriter } from '../src/registry/redis-registry-writer.js';
import { decodeTorrentGrant, encodeTorrentGrant } from '../src/registry/registry-codec.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

// The torrent's size travels in the registry (`sz`): the announcer checks `left` and credited
// downloads against it (issue 11). Grants published before it have none.
let ctx: RedisTestContext;
beforeAll(async () => {
  ctx = await createRedisTestContext();
});
afterAll(async () => {
  await ctx.cleanup();
});

const passkey = randomBytes(16).toString('hex');

describe('torrent grant size', () => {
  // Read back in every registry: the registry contract (tracker-core).
  it('is written as sz and read back', async () => {
    const grant = { torrentId: 9, freeleech: false, size: 4_700_000_000_000 };
    const hash = randomBytes(20);
    await new RedisRegistryWriter(ctx.redis, ctx.keys).publishTorrent(hash, grant);
    expect(await ctx.redis.hget(ctx.keys.torrent(hash), 'sz')).toBe('4700000000000');
    const reader = new RedisRegistryReader({ redis: ctx.redis, keys: ctx.keys, cacheTtlMs: 0 });
    expect((await reader.lookup(passkey, hash)).torrent).toEqual(grant);
  });

  it('is absent, not zero, for a grant published without one or with a malformed one', () => {
    expect(encodeTorrentGrant({ torrentId: 1, freeleech: true })).toEqual({ id: '1', fl: '1' });
    expect(decodeTorrentGrant({ id: '1', fl: '0' })).toEqual({ torrentId: 1, freeleech: false });
    for (const sz of ['', '0', '-5', '1e9', '99999999999999999999'])
      expect(decodeTorrentGrant({ id: '1', fl: '0', sz })).toEqual({ torrentId: 1, freeleech: false });
  });
});
