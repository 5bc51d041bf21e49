import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { SwarmAnnounce } from '@tracker/core';
import { peerSlotId } from '../src/swarm/announce-batch-codec.js';
import { RedisSwarmStore } from '../src/swarm/redis-swarm-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

// How the per-member peer limit is kept in Redis (KEY-SCHEMA.md, `users`): what the contract
// suite cannot see, the key's content, lifetime and clean-up.
const TTL = 600;
let ctx: RedisTestContext;
let store: RedisSwarmStore;
beforeAll(async () => {
  ctx = await createRedisTestContext();
  store = new RedisSwarmStore({ redis: ctx.redis, keys: ctx.keys, peerTtlSeconds: TTL });
});
afterAll(async () => {
  await ctx.cleanup();
});

function announcer(infoHash: Buffer) {
  return (userId: number, n: number, over: Partial<SwarmAnnounce> = {}) =>
    store.announce({
      infoHash,
      peerId: Buffer.alloc(20, n),
      peerKey: `u${userId}:${n}`,
      endpoint: { ip: Buffer.from([10, 7, userId & 255, n]), port: 6881 },
      event: 'started',
      uploaded: 0n,
      downloaded: 0n,
      left: 10n,
      numWant: 0,
      peerTtlSeconds: TTL,
      minIntervalSeconds: 0,
      now: Date.now(),
      ledger: { userId, torrentId: 1, instance: 'test' },
      maxPeersPerUser: 3,
      ...over,
    });
}

describe('the users hash of a swarm', () => {
  it("lists a member's live peer ids, lives as long as the swarm's other keys, and drops stopped ids", async () => {
    const infoHash = randomBytes(20);
    const keys = ctx.keys.swarm(infoHash);
    const announce = announcer(infoHash);
    await announce(5, 1);
    await announce(5, 2);
    expect(await ctx.redis.hgetBuffer(keys.users, '5')).toEqual(
      Buffer.concat([peerSlotId('u5:1'), peerSlotId('u5:2')]),
    );
    await announce(5, 1, { event: 'stopped' });
    await announce(5, 3);
    expect(await ctx.redis.hgetBuffer(keys.users, '5')).toEqual(
      Buffer.concat([peerSlotId('u5:2'), peerSlotId('u5:3')]),
    );
    const [users, peers] = [await ctx.redis.pttl(keys.users), await ctx.redis.pttl(keys.peers)];
    expect(users).toBeGreaterThan(TTL * 1000);
    expect(Math.abs(users - peers)).toBeLessThan(1000);
  });

  it('is not written by a re-announce, only refreshed', async () => {
    const infoHash = randomBytes(20);
    const keys = ctx.keys.swarm(infoHash);
    const announce = announcer(infoHash);
    await announce(6, 1);
    await ctx.redis.pexpire(keys.users, 5000);
    await ctx.redis.hset(keys.users, 'marker', 'x');
    await announce(6, 1, { event: 'none' });
    expect(await ctx.redis.pttl(keys.users)).toBeGreaterThan(TTL * 1000);
    expect(await ctx.redis.hget(keys.users, 'marker')).toBe('x');
  });

  it('loses the fields of members whose peers all expired, as the lazy purge runs', async () => {
    const infoHash = randomBytes(20);
    const keys = ctx.keys.swarm(infoHash);
    const announce = announcer(infoHash);
    const past = Date.now() - (TTL + 120) * 1000;
    await announce(7, 1, { now: past });
    await announce(7, 2, { now: past });
    await announce(8, 1);
    // The purge runs on one announce in eight: 300 tries all missing it is about 4e-18.
    for (let i = 0; i < 300 && (await ctx.redis.hexists(keys.users, '7')) === 1; i++)
      await announce(8, 1, { event: 'none' });
    expect(await ctx.redis.hexists(keys.users, '7')).toBe(0);
    expect(await ctx.redis.hexists(keys.users, '8')).toBe(1);
  });
});
