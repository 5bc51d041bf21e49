import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { decodeStatsEntry } from '../src/stats/stats-entry-codec.js';
import { RedisRegistryWriter } from '../src/registry/redis-registry-writer.js';
import { RedisSwarmStore, type RegisteredAnnounce } from '../src/swarm/redis-swarm-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

// Private mode in one round trip: the announce script itself reads the registry.
let ctx: RedisTestContext;
let store: RedisSwarmStore;
const passkey = randomBytes(16).toString('hex');
const noLeech = randomBytes(16).toString('hex');
const disabled = randomBytes(16).toString('hex');
const torrent = randomBytes(20);
/** Published with its size (1 MB), as the CMS publishes every torrent now. */
const sized = randomBytes(20);
const SIZE = 1_000_000;

beforeAll(async () => {
  ctx = await createRedisTestContext();
  store = new RedisSwarmStore({ redis: ctx.redis, keys: ctx.keys, peerTtlSeconds: 600 });
  const writer = new RedisRegistryWriter(ctx.redis, ctx.keys);
  await writer.upsertUser(passkey, { userId: 21, enabled: true, canLeech: true });
  await writer.upsertUser(noLeech, { userId: 22, enabled: true, canLeech: false });
  await writer.upsertUser(disabled, { userId: 23, enabled: false, canLeech: true });
  await writer.publishTorrent(torrent, { torrentId: 31, freeleech: false });
  await writer.publishTorrent(sized, { torrentId: 32, freeleech: false, size: SIZE });
});
afterAll(async () => {
  await ctx.cleanup();
});

const peerId = Buffer.from('-TT0001-000000000001');
const input = (over: Partial<RegisteredAnnounce> = {}): RegisteredAnnounce => ({
  passkey,
  instance: 'i-1',
  infoHash: torrent,
  peerId,
  endpoint: { ip: Buffer.from([10, 1, 1, 1]), port: 6881 },
  event: 'started',
  uploaded: 0n,
  downloaded: 0n,
  left: 10n,
  numWant: 10,
  peerTtlSeconds: 600,
  minIntervalSeconds: 60,
  now: Date.now(),
  ...over,
});

describe('RedisSwarmStore.announceRegistered', () => {
  it.each([
    ['an unknown passkey', { passkey: randomBytes(16).toString('hex') }, 'unknown_passkey'],
    ['a disabled user', { passkey: disabled }, 'account_disabled'],
    ['an unregistered torrent', { infoHash: randomBytes(20) }, 'unregistered_torrent'],
    ['a leech by a user who may not leech', { passkey: noLeech }, 'leech_disabled'],
  ])('refuses %s and changes nothing', async (_, over, code) => {
    const hash = (over as Partial<RegisteredAnnounce>).infoHash ?? torrent;
    const before = await ctx.redis.exists(ctx.keys.swarm(hash).peers);
    expect(await store.announceRegistered(input(over))).toEqual({ status: 'refused', code });
    expect(await ctx.redis.exists(ctx.keys.swarm(hash).peers)).toBe(before);
  });

  it('lets a user who may not leech seed', async () => {
    expect(await store.announceRegistered(input({ passkey: noLeech, left: 0n }))).toMatchObject({
      status: 'ok',
    });
  });

  it('credits the registry ids with the peer key u<user id>:<peer_id hex>, the same peer as the generic path', async () => {
    const now = Date.now();
    const stream = ctx.keys.statsStream;
    const first = await store.announceRegistered(input({ now }));
    expect(first.status).toBe('ok');
    const again = await store.announceRegistered(input({ event: 'none', uploaded: 5n, now: now + 1000 }));
    expect(again).toEqual({ status: 'too_soon', retryAfterSeconds: 59 });
    // The generic path with the peer key the announcer would build sees the same peer.
    const generic = await store.announce({
      ...input({ event: 'none', now: now + 2000 }),
      peerKey: `u21:${peerId.toString('hex')}`,
    });
    expect(generic).toEqual({ status: 'too_soon', retryAfterSeconds: 58 });
    const entries = (await ctx.redis.xrange(stream, '-', '+')).map(([, f]) => decodeStatsEntry(f));
    expect(entries.filter((e) => e.userId === 21)).toEqual([
      expect.objectContaining({
        userId: 21,
        torrentId: 31,
        peerKey: `u21:${peerId.toString('hex')}`,
        instance: 'i-1',
      }),
    ]);
  });
});

describe('RedisSwarmStore.announceRegistered: what the registry says of the torrent and the member', () => {
  const entriesOf = async (torrentId: number) =>
    (await ctx.redis.xrange(ctx.keys.statsStream, '-', '+'))
      .map(([, f]) => decodeStatsEntry(f))
      .filter((e) => e.torrentId === torrentId);

  it('issue 11: refuses left at 50 times the published size before touching the swarm', async () => {
    const hash = randomBytes(20);
    await new RedisRegistryWriter(ctx.redis, ctx.keys).publishTorrent(hash, {
      torrentId: 41,
      freeleech: false,
      size: SIZE,
    });
    expect(await store.announceRegistered(input({ infoHash: hash, left: 50n * BigInt(SIZE) }))).toEqual({
      status: 'refused',
      code: 'left_exceeds_size',
    });
    expect(await ctx.redis.exists(ctx.keys.swarm(hash).peers)).toBe(0);
    expect(await entriesOf(41)).toEqual([]);
    expect((await store.announceRegistered(input({ infoHash: hash, left: BigInt(SIZE) }))).status).toBe('ok');
  });

  it('checks no size for a torrent published without one (older data)', async () => {
    const result = await store.announceRegistered(input({ peerId: randomBytes(20), left: 10n ** 15n }));
    expect(result.status).toBe('ok');
  });

  it('issue 11: holds a downloaded delta of ten times the published size', async () => {
    const now = Date.now();
    const peer = {
      infoHash: sized,
      peerId: randomBytes(20),
      minIntervalSeconds: 0,
      maxCreditRate: 134_217_728,
    };
    await store.announceRegistered(input({ ...peer, left: BigInt(SIZE), now }));
    const r = await store.announceRegistered(
      input({ ...peer, event: 'none', left: 0n, downloaded: 10n * BigInt(SIZE), now: now + 300_000 }),
    );
    expect(r).toMatchObject({
      status: 'ok',
      deltaDownloaded: 0n,
      heldDownloaded: 10n * BigInt(SIZE),
      heldReason: 'over_size',
    });
    expect((await entriesOf(32)).at(-1)).toMatchObject({
      deltaDownloaded: 0n,
      heldDownloaded: 10n * BigInt(SIZE),
    });
  });

  it("issue 11: refuses a member's fourth live peer, crediting nothing for it", async () => {
    const hash = randomBytes(20);
    await new RedisRegistryWriter(ctx.redis, ctx.keys).publishTorrent(hash, {
      torrentId: 42,
      freeleech: false,
      size: SIZE,
    });
    const statuses = [];
    for (let n = 1; n <= 6; n++) {
      const r = await store.announceRegistered(
        input({
          infoHash: hash,
          peerId: Buffer.from(`-TT0001-${String(n).padStart(12, '0')}`),
          maxPeersPerUser: 3,
        }),
      );
      statuses.push(r.status === 'too_many_peers' ? `${r.status}:${r.maxPeers}` : r.status);
    }
    expect(statuses).toEqual(['ok', 'ok', 'ok', 'too_many_peers:3', 'too_many_peers:3', 'too_many_peers:3']);
    expect(await entriesOf(42)).toHaveLength(3);
    expect(await store.scrape([hash])).toEqual([{ complete: 0, incomplete: 3, downloaded: 0 }]);
  });
});
