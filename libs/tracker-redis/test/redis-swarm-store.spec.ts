import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { SwarmAnnounce } from '@tracker/core';
import { RedisSwarmStore } from '../src/swarm/redis-swarm-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

let ctx: RedisTestContext;
let store: RedisSwarmStore;
const NOW = 1_800_000_000_000;

beforeAll(async () => {
  ctx = await createRedisTestContext();
  store = new RedisSwarmStore({ redis: ctx.redis, keys: ctx.keys, peerTtlSeconds: 1800, clock: () => NOW });
});
afterAll(async () => {
  await ctx.cleanup();
});

function announce(infoHash: Buffer, n: number, over: Partial<SwarmAnnounce> = {}): SwarmAnnounce {
  return {
    infoHash,
    peerId: Buffer.alloc(20, n),
    peerKey: `peer-${n}`,
    endpoint: { ip: Buffer.from([10, 0, (n >> 8) & 255, n & 255]), port: 6881 },
    event: 'started',
    uploaded: 0n,
    downloaded: 0n,
    left: 100n,
    numWant: 50,
    peerTtlSeconds: 1800,
    minIntervalSeconds: 60,
    now: NOW,
    ...over,
  };
}

describe('RedisSwarmStore smoke', () => {
  it('returns other peers, counts and deltas', async () => {
    const ih = randomBytes(20);
    await store.announce(announce(ih, 1));
    const r = await store.announce(announce(ih, 2, { left: 0n }));
    expect(r).toMatchObject({ status: 'ok', complete: 1, incomplete: 1 });
    if (r.status !== 'ok') throw new Error('unreachable');
    expect(r.peers4.map((p) => p.peerId[0])).toEqual([1]);
    const again = await store.announce(announce(ih, 1, { event: 'none', uploaded: 500n, now: NOW + 61_000 }));
    expect(again).toMatchObject({ status: 'ok', deltaUploaded: 500n });
    const soon = await store.announce(announce(ih, 1, { event: 'none', now: NOW + 62_000 }));
    expect(soon).toEqual({ status: 'too_soon', retryAfterSeconds: 59 });
  });
});
