import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { connectRedis, createKeySchema, RedisRegistryWriter } from '@tracker/redis';
import { startAnnouncer, type RunningAnnouncer } from '../src/start-announcer.js';
import { announceQuery, get, pct, testConfig } from './support/announcer-harness.js';
import { freePort, RedisProcess } from './support/redis-process.js';

// A Redis that hangs instead of going away (SIGSTOP: connections stay open, nothing answers),
// under a private-mode announcer: the case where a deadline depends on timeouts, not on a
// refused connection.
let redis: RedisProcess;
let announcer: RunningAnnouncer;
const passkey = randomBytes(16).toString('hex');
const infoHash = randomBytes(20);

beforeAll(async () => {
  redis = new RedisProcess(await freePort());
  await redis.start();
  const client = await connectRedis(redis.url);
  const writer = new RedisRegistryWriter(client, createKeySchema('stall'));
  await writer.upsertUser(passkey, { userId: 1, enabled: true, canLeech: true });
  await writer.publishTorrent(infoHash, { torrentId: 1, freeleech: false });
  await client.quit();
  announcer = await startAnnouncer(
    // Every announce here is a new peer of user 1; the per-member peer cap (3) is not what
    // this test is about, so it is off.
    testConfig({ REDIS_URL: redis.url, REDIS_PREFIX: 'stall', MIN_INTERVAL: '0', MAX_PEERS_PER_USER: '0' }),
  );
});

afterAll(async () => {
  await announcer?.close();
  await redis?.kill();
});

let n = 0;
async function timed(kind: 'announce' | 'scrape'): Promise<{ ms: number; failure: string | undefined }> {
  const started = Date.now();
  const peerId = Buffer.from(`-TT0001-${String(++n).padStart(12, '0')}`);
  const path =
    kind === 'announce'
      ? `/announce?passkey=${passkey}&${announceQuery({ infoHash, peerId })}`
      : `/scrape?passkey=${passkey}&info_hash=${pct(infoHash)}`;
  const res = await get(announcer.port, path);
  expect(res.status).toBe(200);
  return { ms: Date.now() - started, failure: res.failure };
}

function wave(size: number): Promise<{ ms: number; failure: string | undefined }[]> {
  return Promise.all(Array.from({ length: size }, (_, i) => timed(i % 2 === 0 ? 'announce' : 'scrape')));
}

describe('Redis hanging', () => {
  it('answers every announce and scrape within 1 s, and serves again within 5 s once it runs', async () => {
    expect((await timed('announce')).failure).toBeUndefined();
    expect((await timed('scrape')).failure).toBeUndefined();

    redis.pause();
    // Two overlapping waves: the second arrives while the first still waits on Redis.
    const first = wave(25);
    await new Promise((r) => setTimeout(r, 300));
    const replies = [...(await first), ...(await wave(25))];
    expect(new Set(replies.map((r) => r.failure))).toEqual(new Set(['tracker temporarily unavailable']));
    expect(Math.max(...replies.map((r) => r.ms))).toBeLessThan(1000);
    // Counted as unavailable, not as errors: 26 announces and 24 scrapes in the two waves.
    const metrics = (await get(announcer.port, '/metrics')).body.toString();
    expect(metrics).toMatch(/^tracker_announces_total\{result="unavailable",reason=""\} 26$/m);
    expect(metrics).toMatch(/^tracker_scrapes_total\{result="unavailable",reason=""\} 24$/m);
    expect(metrics).not.toMatch(/result="error"/);

    redis.resume();
    const resumed = Date.now();
    let recovered: number | undefined;
    while (Date.now() - resumed < 8000) {
      if ((await timed('announce')).failure === undefined) {
        recovered = Date.now() - resumed;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(recovered).toBeLessThan(5000);
    expect((await timed('scrape')).failure).toBeUndefined();
  }, 30_000);
});
