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

function announce(infoHash: Buffer, n: number): SwarmAnnounce {
  return {
    infoHash,
    peerId: Buffer.alloc(20, n),
    peerKey: `batch-${n}`,
    endpoint: { ip: Buffer.from([10, 1, 2, n]), port: 6000 + n },
    event: 'started',
    uploaded: 0n,
    downloaded: 0n,
    left: 1n,
    numWant: 50,
    peerTtlSeconds: 600,
    minIntervalSeconds: 0,
    now: Date.now(),
  };
}

describe('announces sent together in one script call', () => {
  it('are each applied to their own swarm with their own answer', async () => {
    const redis = await ctx.connect();
    const sent = countScriptCalls(redis);
    const store = new RedisSwarmStore({ redis, keys: ctx.keys, peerTtlSeconds: 600 });
    const [h1, h2] = [randomBytes(20), randomBytes(20)];
    const results = await Promise.all(
      [announce(h1, 1), announce(h2, 2), announce(h1, 3)].map((a) => store.announce(a)),
    );
    expect(results.map((r) => (r.status === 'ok' ? [r.incomplete, r.peers4.length] : r.status))).toEqual([
      [1, 0],
      [1, 0],
      [2, 1],
    ]);
    expect(sent.calls).toBe(1);
    expect(await store.scrape([h1, h2])).toEqual([
      { complete: 0, incomplete: 2, downloaded: 0 },
      { complete: 0, incomplete: 1, downloaded: 0 },
    ]);
  });

  it('fail one by one: a broken swarm key fails its announce, not the others of the call', async () => {
    const store = new RedisSwarmStore({ redis: ctx.redis, keys: ctx.keys, peerTtlSeconds: 600 });
    const [good, broken] = [randomBytes(20), randomBytes(20)];
    // A value of the wrong type where the swarm's peer set belongs: ZSCORE raises WRONGTYPE.
    await ctx.redis.set(ctx.keys.swarm(broken).peers, 'not a sorted set');
    const results = await Promise.allSettled([
      store.announce(announce(good, 1)),
      store.announce(announce(broken, 2)),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { status: 'ok', incomplete: 1 } });
    expect(results[1].status).toBe('rejected');
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/WRONGTYPE/);
    expect(await ctx.redis.exists(ctx.keys.swarm(broken).peerData)).toBe(0);
  });
});

/** Counts the script calls (EVALSHA, or EVAL after a flush) this connection sends. */
function countScriptCalls(redis: RedisTestContext['redis']): { calls: number } {
  const counter = { calls: 0 };
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    if (/^eval/i.test(command.name)) counter.calls++;
    return send(command, stream);
  };
  return counter;
}
