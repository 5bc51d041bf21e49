import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { SwarmAnnounce, SwarmAnnounceAccepted } from '@tracker/core';
import { decodeStatsEntry } from '../src/stats/stats-entry-codec.js';
import { RedisSwarmStore } from '../src/swarm/redis-swarm-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

// The script subtracts counters as doubles below 2^53 and in 16-bit limbs above: the
// earned delta and the ledger's decimal must be exact on both sides of that switch.
const TWO53 = 2n ** 53n;

let ctx: RedisTestContext;
let store: RedisSwarmStore;
beforeAll(async () => {
  ctx = await createRedisTestContext();
  store = new RedisSwarmStore({ redis: ctx.redis, keys: ctx.keys, peerTtlSeconds: 1800 });
  // Another leecher in the swarm: an upload nobody could have received is held (no_leechers).
  await store.announce({
    infoHash,
    peerId: randomBytes(20),
    peerKey: 'u8:other',
    endpoint: { ip: Buffer.from([10, 0, 0, 8]), port: 6881 },
    event: 'started',
    uploaded: 0n,
    downloaded: 0n,
    left: 100n,
    numWant: 0,
    peerTtlSeconds: 1800,
    minIntervalSeconds: 0,
    now: t0,
  });
});
afterAll(async () => {
  await ctx.cleanup();
});

const infoHash = randomBytes(20);
const peerId = randomBytes(20);
const t0 = 1_700_000_000_000;

async function announce(uploaded: bigint, downloaded: bigint, i: number): Promise<SwarmAnnounceAccepted> {
  const input: SwarmAnnounce = {
    infoHash,
    peerId,
    peerKey: 'u7:counters',
    endpoint: { ip: Buffer.from([10, 0, 0, 7]), port: 6881 },
    event: i === 0 ? 'started' : 'none',
    uploaded,
    downloaded,
    left: 100n,
    numWant: 50,
    peerTtlSeconds: 1800,
    minIntervalSeconds: 0,
    now: t0 + i * 1000,
    ledger: { userId: 7, torrentId: 9, instance: 'test' },
  };
  const result = await store.announce(input);
  if (result.status !== 'ok') throw new Error(`announce ${i} was ${result.status}`);
  return result;
}

describe('earned counters around 2^53', () => {
  it('credits exactly when a counter crosses 2^53, in the reply and in the stats entry', async () => {
    await announce(TWO53 - 10n, 5n, 0);
    const crossed = await announce(TWO53 + 5n, TWO53 - 1n, 1);
    expect([crossed.deltaUploaded, crossed.deltaDownloaded]).toEqual([15n, TWO53 - 6n]);
    const above = await announce(TWO53 + 1_000_003n, TWO53 + 2n, 2);
    expect([above.deltaUploaded, above.deltaDownloaded]).toEqual([999_998n, 3n]);
    const entries = (await ctx.redis.xrange(ctx.keys.statsStream, '-', '+')).map(([, f]) =>
      decodeStatsEntry(f),
    );
    expect(entries.map((e) => [e.deltaUploaded, e.deltaDownloaded])).toEqual([
      [0n, 0n],
      [15n, TWO53 - 6n],
      [999_998n, 3n],
    ]);
  });

  it('earns 0 and keeps the new baseline when a counter below 2^53 goes down', async () => {
    await announce(1000n, 1000n, 10);
    const reset = await announce(400n, 2000n, 11);
    expect([reset.deltaUploaded, reset.deltaDownloaded]).toEqual([0n, 1000n]);
    const next = await announce(450n, 2000n, 12);
    expect([next.deltaUploaded, next.deltaDownloaded]).toEqual([50n, 0n]);
  });
});
