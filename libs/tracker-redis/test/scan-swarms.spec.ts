import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createKeySchema } from '../src/key-schema.js';
import { scanSwarms } from '../src/swarm/scan-swarms.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

let ctx: RedisTestContext;
beforeAll(async () => {
  ctx = await createRedisTestContext();
});
afterAll(async () => {
  await ctx.cleanup();
});

const hex = (hashes: Iterable<Buffer>) => [...hashes].map((h) => h.toString('hex')).sort();

describe('scanSwarms (the announcer census)', () => {
  it("lists every swarm with a peers key under the prefix, and nothing of a longer prefix's", async () => {
    const mine = Array.from({ length: 1200 }, () => randomBytes(20));
    const nested = createKeySchema(`${ctx.keys.prefix}:other`);
    const theirs = randomBytes(20);
    const write = ctx.redis.pipeline();
    for (const hash of mine) write.zadd(ctx.keys.swarm(hash).peers, 1, 'x');
    write.zadd(ctx.keys.swarm(randomBytes(20)).peers6, 1, 'x'); // peers6 alone: not a swarm here
    write.zadd(nested.swarm(theirs).peers, 1, 'x');
    write.set(ctx.keys.statsStream, 'not a swarm');
    await write.exec();
    const found: Buffer[] = [];
    let batches = 0;
    for await (const batch of scanSwarms(ctx.redis, ctx.keys)) {
      batches++;
      found.push(...batch);
    }
    expect([...new Set(hex(found))]).toEqual(hex(mine));
    expect(batches).toBeGreaterThan(1);
  });
});
