import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { SwarmAnnounce, SwarmAnnounceAccepted } from '@tracker/core';
import { RedisSwarmStore } from '../src/swarm/redis-swarm-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

// Swarms of 1,000 live peers and more answer from a shared pool of sampled peers (see
// announce-script.ts): the pool must keep every promise the direct sampling keeps.
// 1,600 peers: 1,200 leechers, so a seeder's candidates alone also exceed the pool threshold.
const PEERS = 1600;
const t0 = 1_700_000_000_000;

let ctx: RedisTestContext;
let store: RedisSwarmStore;
const infoHash = randomBytes(20);
const seeder = (slot: number) => slot % 4 === 0;

function input(slot: number, over: Partial<SwarmAnnounce> = {}): SwarmAnnounce {
  return {
    infoHash,
    peerId: Buffer.concat([Buffer.from('-PL0001-'), Buffer.alloc(12, 0)]).fill(slot % 251, 8, 9),
    peerKey: `o:pool-${slot}`,
    endpoint: { ip: Buffer.from([10, 1, (slot >> 8) & 255, slot & 255]), port: 10_000 + slot },
    event: 'started',
    uploaded: 0n,
    downloaded: 0n,
    left: seeder(slot) ? 0n : 100n,
    numWant: 50,
    peerTtlSeconds: 1800,
    minIntervalSeconds: 0,
    now: t0 + slot,
    ledger: undefined,
    ...over,
  };
}

async function announce(slot: number, over: Partial<SwarmAnnounce> = {}): Promise<SwarmAnnounceAccepted> {
  const result = await store.announce(input(slot, over));
  if (result.status !== 'ok') throw new Error(`slot ${slot}: ${result.status}`);
  return result;
}

beforeAll(async () => {
  ctx = await createRedisTestContext();
  store = new RedisSwarmStore({ redis: ctx.redis, keys: ctx.keys, peerTtlSeconds: 1800 });
  for (let slot = 0; slot < PEERS; slot += 100)
    await Promise.all(Array.from({ length: 100 }, (_, k) => announce(slot + k)));
});
afterAll(async () => {
  await ctx.cleanup();
});

describe('hot swarm answered from the shared pool', () => {
  it('gives every announcer numWant distinct peers, never itself', async () => {
    for (let slot = 1; slot < 400; slot += 9) {
      const r = await announce(slot, { event: 'none', now: t0 + 5000 });
      const ports = r.peers4.map((p) => p.port);
      expect(ports).toHaveLength(50);
      expect(new Set(ports).size).toBe(50);
      expect(ports).not.toContain(10_000 + slot);
    }
    // The answers above came from the pool (one field per family and kind), not around it.
    expect(await ctx.redis.hkeys(ctx.keys.swarm(infoHash).pool)).toContain('4a');
  });

  it('gives a seeder leechers only', async () => {
    const r = await announce(0, { event: 'none', now: t0 + 5000 });
    expect(r.peers4).toHaveLength(50);
    expect(r.peers4.every((p) => !seeder(p.port - 10_000))).toBe(true);
    expect((await ctx.redis.hkeys(ctx.keys.swarm(infoHash).pool)).sort()).toEqual(['4a', '4l']);
  });

  it('returns each peer with the address and port it announced', async () => {
    const r = await announce(2, { event: 'none', now: t0 + 5000 });
    expect(r.peers4).toHaveLength(50);
    for (const p of r.peers4) {
      const expected = input(p.port - 10_000);
      expect([...p.ip]).toEqual([...expected.endpoint.ip]);
      expect(p.port).toBe(expected.endpoint.port);
    }
  });

  it('counts exactly, whatever the pool holds', async () => {
    const r = await announce(3, { event: 'none', now: t0 + 5000 });
    expect([r.complete, r.incomplete]).toEqual([PEERS / 4, (PEERS * 3) / 4]);
  });
});
