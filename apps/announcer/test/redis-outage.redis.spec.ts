import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { startAnnouncer, type RunningAnnouncer } from '../src/start-announcer.js';
import { announceQuery, get, testConfig } from './support/announcer-harness.js';
import { freePort, RedisProcess } from './support/redis-process.js';

// Redis stopped and restarted under a running announcer (its own redis-server, open mode).
let redis: RedisProcess;
let announcer: RunningAnnouncer;

beforeAll(async () => {
  redis = new RedisProcess(await freePort());
  await redis.start();
  announcer = await startAnnouncer(
    testConfig({ REDIS_URL: redis.url, TRACKER_MODE: 'open', MIN_INTERVAL: '0' }),
  );
});

afterAll(async () => {
  await announcer?.close();
  await redis?.kill();
});

const infoHash = randomBytes(20);
let n = 0;
async function timedAnnounce(): Promise<{ ms: number; failure: string | undefined }> {
  const started = Date.now();
  const peerId = Buffer.from(`-TT0001-${String(++n).padStart(12, '0')}`);
  const res = await get(announcer.port, `/announce?${announceQuery({ infoHash, peerId })}`);
  expect(res.status).toBe(200);
  return { ms: Date.now() - started, failure: res.failure };
}

describe('Redis outage', () => {
  it('answers every announce within 1 s while Redis is down, and recovers within 5 s of its return', async () => {
    expect((await timedAnnounce()).failure).toBeUndefined();

    await redis.kill();
    for (let i = 0; i < 5; i++) {
      const res = await timedAnnounce();
      expect(res.failure).toBe('tracker temporarily unavailable');
      expect(res.ms).toBeLessThan(1000);
    }
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => timedAnnounce()));
    expect(Math.max(...concurrent.map((r) => r.ms))).toBeLessThan(1000);
    expect((await get(announcer.port, '/healthz')).status).toBe(503);

    await redis.start();
    const restarted = Date.now();
    let recovered: number | undefined;
    while (Date.now() - restarted < 8000) {
      if ((await timedAnnounce()).failure === undefined) {
        recovered = Date.now() - restarted;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(recovered).toBeDefined();
    expect(recovered).toBeLessThan(5000);
    expect((await get(announcer.port, '/healthz')).status).toBe(200);
  }, 30_000);

  it('starts while Redis is down, answers "temporarily unavailable", and serves once Redis comes', async () => {
    const late = new RedisProcess(await freePort());
    const booted = Date.now();
    const early = await startAnnouncer(testConfig({ REDIS_URL: late.url, TRACKER_MODE: 'open' }));
    try {
      expect(Date.now() - booted).toBeLessThan(5000);
      const path = `/announce?${announceQuery({ infoHash, peerId: Buffer.from('-TT0001-late00000001') })}`;
      expect((await get(early.port, path)).failure).toBe('tracker temporarily unavailable');
      await late.start();
      const started = Date.now();
      while ((await get(early.port, path)).failure !== undefined && Date.now() - started < 8000)
        await new Promise((r) => setTimeout(r, 100));
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await early.close();
      await late.kill();
    }
  }, 30_000);
});
