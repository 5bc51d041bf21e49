import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { SwarmAnnounce } from '@tracker/core';
import { RedisSwarmStore } from '../src/swarm/redis-swarm-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

let ctx: RedisTestContext;
beforeAll(async () => {
  ctx = await createRedisTestContext();
});
afterAll(async () => {
  await ctx.cleanup();
});

function input(infoHash: Buffer, n: number): SwarmAnnounce {
  return {
    infoHash,
    peerId: Buffer.alloc(20, n),
    peerKey: `flush-${n}`,
    endpoint: { ip: Buffer.from([10, 9, 9, n]), port: 5000 + n },
    event: 'started',
    uploaded: 0n,
    downloaded: 0n,
    left: 1n,
    numWant: 10,
    peerTtlSeconds: 600,
    minIntervalSeconds: 0,
    now: Date.now(),
  };
}

describe('RedisSwarmStore after SCRIPT FLUSH (or a Redis restart that lost its scripts)', () => {
  it('reloads the script by itself and keeps answering', async () => {
    const store = new RedisSwarmStore({ redis: ctx.redis, keys: ctx.keys, peerTtlSeconds: 600 });
    const infoHash = randomBytes(20);
    await store.announce(input(infoHash, 1));
    // A separate connection flushes: the store's connection must not be the one that knows.
    const admin = await ctx.connect();
    await admin.script('FLUSH');
    const after = await store.announce(input(infoHash, 2));
    expect(after).toMatchObject({ status: 'ok', incomplete: 2 });
    if (after.status === 'ok') expect(after.peers4.map((p) => p.port)).toEqual([5001]);
    await admin.script('FLUSH');
    expect(await store.scrape([infoHash])).toEqual([{ complete: 0, incomplete: 2, downloaded: 0 }]);
  });
});

describe('memory per peer', () => {
  it('stays within 200 bytes per peer (stats baselines and the per-member limit included) for swarms of 10 peers', async () => {
    const store = new RedisSwarmStore({ redis: ctx.redis, keys: ctx.keys, peerTtlSeconds: 600 });
    const hashes = Array.from({ length: 100 }, () => randomBytes(20));
    let n = 0;
    for (const infoHash of hashes) {
      await Promise.all(
        Array.from({ length: 10 }, () => {
          const k = ++n;
          return store.announce({
            ...input(infoHash, k & 255),
            peerId: randomBytes(20),
            peerKey: `u${k}:${randomBytes(20).toString('hex')}`,
            uploaded: BigInt(k) * 12345n,
            // Private mode: a ledger user per peer, so the users hash (peers per member) exists.
            ledger: { userId: k, torrentId: 1, instance: 'memory' },
            maxPeersPerUser: 3,
          });
        }),
      );
    }
    let bytes = 0;
    for (const infoHash of hashes) {
      const k = ctx.keys.swarm(infoHash);
      for (const key of [k.peers, k.peers6, k.peerData, k.completed, k.users])
        bytes += (await ctx.redis.memory('USAGE', key, 'SAMPLES', 0)) ?? 0;
    }
    expect(bytes / n).toBeLessThanOrEqual(200);
  });
});
