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
import { announceQuery, send, num, testConfig, type TrackerReply } from './support/announcer-harness.js';

// One client over IPv4 and IPv6 through the private gate on the real Redis, the announcer
// listening on every address as it does by default.
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `test:${randomBytes(6).toString('hex')}`;
const passkeyA = randomBytes(16).toString('hex');
const passkeyB = randomBytes(16).toString('hex');
const infoHash = randomBytes(20);
let redis: RedisClient;
let announcer: RunningAnnouncer;

beforeAll(async () => {
  redis = await connectRedis(REDIS_URL);
  const writer = new RedisRegistryWriter(redis, createKeySchema(prefix));
  await writer.upsertUser(passkeyA, { userId: 21, enabled: true, canLeech: true });
  await writer.upsertUser(passkeyB, { userId: 22, enabled: true, canLeech: true });
  await writer.publishTorrent(infoHash, { torrentId: 9, freeleech: false });
  announcer = await startAnnouncer(
    testConfig({ REDIS_URL, REDIS_PREFIX: prefix, MIN_INTERVAL: '60' }, { host: undefined }),
  );
});

afterAll(async () => {
  await announcer?.close();
  await deleteKeysByPrefix(redis, prefix);
  await redis.quit();
});

function announce(host: string, passkey: string, n: number, event?: string): Promise<TrackerReply> {
  const peerId = Buffer.from(`-TT0001-${String(n).padStart(12, '0')}`);
  const query = announceQuery({ infoHash, peerId, port: 7000 + n, event, numwant: 50 });
  return send({ host, port: announcer.port, path: `/announce?passkey=${passkey}&${query}` });
}

/** Compact IPv6 peers of a reply as "[hex]:port" (16 address bytes in hex). */
function peers6(reply: TrackerReply): string[] {
  const raw = reply.dict?.['peers6'];
  if (!(raw instanceof Uint8Array)) return [];
  const buf = Buffer.from(raw);
  const out: string[] = [];
  for (let at = 0; at + 18 <= buf.length; at += 18)
    out.push(`[${buf.subarray(at, at + 16).toString('hex')}]:${buf.readUInt16BE(at + 16)}`);
  return out;
}

const LOOPBACK6 = `${'0'.repeat(30)}01`;

describe('a client announcing over IPv4 and IPv6', () => {
  it('is one peer in the counts, reachable over both families, without a too-soon refusal', async () => {
    const overV4 = await announce('127.0.0.1', passkeyA, 1, 'started');
    expect([overV4.failure, num(overV4, 'incomplete')]).toEqual([undefined, 1]);
    // Same client (same passkey and peer_id), now over IPv6, straight after: its own family's
    // first announce, so not too soon, and still one peer.
    const overV6 = await announce('::1', passkeyA, 1);
    expect([overV6.failure, num(overV6, 'complete'), num(overV6, 'incomplete')]).toEqual([undefined, 0, 1]);
    // A second client over IPv6 counts two peers and is handed the first one's IPv6 endpoint.
    const other = await announce('::1', passkeyB, 2, 'started');
    expect([other.failure, num(other, 'incomplete')]).toEqual([undefined, 2]);
    expect(peers6(other)).toEqual([`[${LOOPBACK6}]:7001`]);
    // A plain re-announce over IPv4 right away is too soon for that family.
    expect((await announce('127.0.0.1', passkeyA, 1)).failure).toMatch(/announce too soon/);
  });
});
