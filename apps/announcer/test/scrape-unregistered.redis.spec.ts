import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  connectRedis,
  createKeySchema,
  deleteKeysByPrefix,
  RedisRegistryWriter,
  type RedisClient,
} from '@tracker/redis';
import { startAnnouncer, type RunningAnnouncer } from '../src/start-announcer.js';
import { announceQuery, get, pct, testConfig, type TrackerReply } from './support/announcer-harness.js';

// Private mode on the real Redis: an unpublished release must stop showing live counts.
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const CACHE_MS = 300;
const prefix = `test:${randomBytes(6).toString('hex')}`;
const keys = createKeySchema(prefix);
const passkey = randomBytes(16).toString('hex');
let redis: RedisClient;
let writer: RedisRegistryWriter;
let announcer: RunningAnnouncer;

beforeAll(async () => {
  redis = await connectRedis(REDIS_URL);
  writer = new RedisRegistryWriter(redis, keys);
  await writer.upsertUser(passkey, { userId: 41, enabled: true, canLeech: true });
  const env = { REDIS_URL, REDIS_PREFIX: prefix, REGISTRY_CACHE_MS: String(CACHE_MS) };
  announcer = await startAnnouncer(testConfig(env, { instance: 'scrape-test' }));
});

afterAll(async () => {
  await announcer?.close();
  await deleteKeysByPrefix(redis, prefix);
  await redis.quit();
});

/** A hash that is never valid UTF-8, so the decoded `files` dictionary names it in hex. */
function newHash(): Buffer {
  const hash = randomBytes(20);
  hash[0] = 0xff;
  return hash;
}

const announce = (hash: Buffer, n: number, left: bigint) =>
  get(
    announcer.port,
    `/announce?passkey=${passkey}&${announceQuery({ infoHash: hash, peerId: Buffer.alloc(20, n), port: 6000 + n, left, event: 'started' })}`,
  );
const scrape = (...hashes: Buffer[]) =>
  get(announcer.port, `/scrape?passkey=${passkey}&${hashes.map((h) => `info_hash=${pct(h)}`).join('&')}`);
const filesOf = (reply: TrackerReply) => {
  expect([reply.status, reply.failure]).toEqual([200, undefined]);
  return reply.dict?.['files'];
};
const zero = { complete: 0, incomplete: 0, downloaded: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scrape of a torrent that is no longer registered (Redis)', () => {
  it('shows live counts while published, and zeros once unpublished and the cache has passed', async () => {
    const [gone, kept] = [newHash(), newHash()];
    for (const hash of [gone, kept]) {
      await writer.publishTorrent(hash, { torrentId: hash[1], freeleech: false });
      expect((await announce(hash, 1, 0n)).failure).toBeUndefined();
      expect((await announce(hash, 2, 100n)).failure).toBeUndefined();
    }
    const live = { complete: 1, incomplete: 1, downloaded: 0 };
    expect(filesOf(await scrape(gone, kept))).toEqual({
      [gone.toString('hex')]: live,
      [kept.toString('hex')]: live,
    });

    await writer.unpublishTorrent(gone);
    await sleep(CACHE_MS + 100);
    // The peers are still stored (they expire with PEER_TTL); the scrape must not show them.
    expect(await redis.exists(keys.swarm(gone).peers)).toBe(1);
    expect(filesOf(await scrape(gone, kept))).toEqual({
      [gone.toString('hex')]: zero,
      [kept.toString('hex')]: live,
    });
    expect((await announce(gone, 3, 100n)).failure).toBe('unregistered torrent');
  });

  it('scrapes a hash that was never published as zeros', async () => {
    const never = newHash();
    expect(filesOf(await scrape(never))).toEqual({ [never.toString('hex')]: zero });
  });
});
