import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { RedisRegistryWriter } from '../src/registry/redis-registry-writer.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

// The registry change feed (ADR 0019): memory-sync announcers re-read the keys it names, and
// a version that does not follow the last one they saw tells them they missed a write.
let ctx: RedisTestContext;
let writer: RedisRegistryWriter;
beforeAll(async () => {
  ctx = await createRedisTestContext();
  writer = new RedisRegistryWriter(ctx.redis, ctx.keys);
});
afterAll(async () => {
  await ctx.cleanup();
});

const passkey = () => randomBytes(16).toString('hex');
const fieldsOf = (flat: string[]) =>
  Object.fromEntries(flat.flatMap((v, i) => (i % 2 ? [] : [[v, flat[i + 1]]])));
const changes = async () =>
  (await ctx.redis.xrange(ctx.keys.registryChanges, '-', '+')).map(([, f]) => fieldsOf(f));

describe('RedisRegistryWriter change feed', () => {
  it('appends one entry per write with the version it made, the kind and the ref', async () => {
    const before = (await changes()).length;
    const [pk, hash] = [passkey(), randomBytes(20)];
    await writer.upsertUser(pk.toUpperCase(), { userId: 3, enabled: true, canLeech: true });
    await writer.publishTorrent(hash, { torrentId: 4, freeleech: false });
    await writer.removeUser(pk);
    await writer.unpublishTorrent(hash);
    const version = Number(await ctx.redis.get(ctx.keys.registryVersion));
    expect((await changes()).slice(before)).toEqual([
      { v: String(version - 3), k: 'u', r: pk },
      { v: String(version - 2), k: 't', r: hash.toString('hex') },
      { v: String(version - 1), k: 'u', r: pk },
      { v: String(version), k: 't', r: hash.toString('hex') },
    ]);
    expect(await ctx.redis.exists(ctx.keys.user(pk))).toBe(0);
  });

  it('feeds a batch (the republish) as one entry per kind listing every ref', async () => {
    const before = (await changes()).length;
    const users = [passkey(), passkey()];
    const torrent = randomBytes(20);
    await writer.writeBatch({
      users: users.map((p, i) => ({ passkey: p, grant: { userId: i + 1, enabled: true, canLeech: true } })),
      torrents: [{ infoHash: torrent, grant: null }],
    });
    const added = (await changes()).slice(before);
    expect(added.map((c) => [c.k, c.r]).sort()).toEqual([
      ['t', torrent.toString('hex')],
      ['u', users.join(',')],
    ]);
    const version = Number(await ctx.redis.get(ctx.keys.registryVersion));
    expect(added.map((c) => Number(c.v)).sort()).toEqual([version - 1, version]);
  });
});
