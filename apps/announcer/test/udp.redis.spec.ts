import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  connectRedis,
  createKeySchema,
  decodeStatsEntry,
  deleteKeysByPrefix,
  RedisRegistryWriter,
  type RedisClient,
} from '@tracker/redis';
import { startAnnouncer, type RunningAnnouncer } from '../src/start-announcer.js';
import { announceQuery, get, testConfig } from './support/announcer-harness.js';
import { freePort, RedisProcess } from './support/redis-process.js';
import { UdpTestClient } from './support/udp-client.js';

// The UDP tracker on Redis: the private gate of the announce script, the stats stream, and a
// Redis outage answered as on HTTP.
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `test:${randomBytes(6).toString('hex')}`;
let redis: RedisClient | undefined;
let announcer: RunningAnnouncer | undefined;
let ownRedis: RedisProcess | undefined;
const clients: UdpTestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await announcer?.close();
  announcer = undefined;
  await ownRedis?.kill();
});

afterAll(async () => {
  if (redis === undefined) return;
  await deleteKeysByPrefix(redis, prefix);
  await redis.quit();
});

async function client(host: string): Promise<UdpTestClient> {
  const c = await UdpTestClient.open(host, announcer?.udpPort ?? 0);
  clients.push(c);
  return c;
}

describe('the UDP tracker on Redis', () => {
  it('private: admits through the registry, records the stats stream, refuses as HTTP does', async () => {
    redis = await connectRedis(REDIS_URL);
    const keys = createKeySchema(prefix);
    const writer = new RedisRegistryWriter(redis, keys);
    const passkey = randomBytes(16).toString('hex');
    const infoHash = randomBytes(20);
    await writer.upsertUser(passkey, { userId: 51, enabled: true, canLeech: true });
    await writer.publishTorrent(infoHash, { torrentId: 6, freeleech: false });
    const env = { REDIS_URL, REDIS_PREFIX: prefix, MIN_INTERVAL: '60', ANNOUNCER_UDP_PORT: '0' };
    announcer = await startAnnouncer(testConfig(env, { host: undefined }));
    const u = await client('::1');
    const id = await u.connect();
    const urlData = `/announce?passkey=${passkey}`;
    const peerId = Buffer.from('-UT0001-000000000001');
    expect(await u.announce(id, { infoHash, peerId, urlData, left: 0n })).toMatchObject({
      action: 'announce',
      seeders: 1,
    });
    const early = await u.announce(id, { infoHash, peerId, urlData, left: 0n, event: 'none' });
    expect(early).toMatchObject({ action: 'error' });
    if (early.action === 'error')
      expect(early.message).toMatch(/^announce too soon: minimum interval is 60 s/);
    const unregistered = await u.announce(id, { infoHash: randomBytes(20), urlData });
    expect(unregistered).toMatchObject({ action: 'error', message: 'unregistered torrent' });
    const entries = (await redis.xrange(keys.statsStream, '-', '+')).map(([, f]) => decodeStatsEntry(f));
    expect(entries.map((e) => [e.userId, e.torrentId, e.event, e.seeding])).toEqual([
      [51, 6, 'started', true],
    ]);
  });

  it('answers `tracker temporarily unavailable` within 1 s while Redis is down', async () => {
    ownRedis = new RedisProcess(await freePort());
    await ownRedis.start();
    const env = { REDIS_URL: ownRedis.url, TRACKER_MODE: 'open', MIN_INTERVAL: '0', ANNOUNCER_UDP_PORT: '0' };
    announcer = await startAnnouncer(testConfig(env));
    const u = await client('127.0.0.1');
    const id = await u.connect();
    const infoHash = randomBytes(20);
    expect(await u.announce(id, { infoHash })).toMatchObject({ action: 'announce' });
    await ownRedis.kill();
    for (const ask of [() => u.announce(id, { infoHash }), () => u.scrape(id, [infoHash])]) {
      const started = Date.now();
      expect(await ask()).toMatchObject({ action: 'error', message: 'tracker temporarily unavailable' });
      expect(Date.now() - started).toBeLessThan(1000);
    }
    // HTTP on the same announcer says the same.
    const http = await get(
      announcer.port,
      `/announce?${announceQuery({ infoHash, peerId: Buffer.alloc(20, 2) })}`,
    );
    expect(http.failure).toBe('tracker temporarily unavailable');
  });
});
