import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisRegistryWriter, createKeySchema, decodeStatsEntry, deleteKeysByPrefix } from '@tracker/redis';
import { startAnnouncer, type RunningAnnouncer } from '../src/start-announcer.js';
import {
  announceQuery,
  compactPeers,
  get,
  num,
  pct,
  testConfig,
  type AnnounceParams,
} from './support/announcer-harness.js';

// Private mode against the real Redis (TEST_REDIS_URL): every failure path a client can hit.
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `test:${randomBytes(6).toString('hex')}`;
const keys = createKeySchema(prefix);
const passkey = randomBytes(16).toString('hex');
const disabledKey = randomBytes(16).toString('hex');
const noLeechKey = randomBytes(16).toString('hex');
const torrent = randomBytes(20);
let redis: Redis;
let announcer: RunningAnnouncer;
let port: number;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  await redis.connect();
  const writer = new RedisRegistryWriter(redis, keys);
  await writer.upsertUser(passkey, { userId: 11, enabled: true, canLeech: true });
  await writer.upsertUser(disabledKey, { userId: 12, enabled: false, canLeech: true });
  await writer.upsertUser(noLeechKey, { userId: 13, enabled: true, canLeech: false });
  await writer.publishTorrent(torrent, { torrentId: 5, freeleech: false });
  const env = {
    REDIS_URL,
    REDIS_PREFIX: prefix,
    MIN_INTERVAL: '60',
    SCRAPE_MAX_HASHES: '3',
    TRUST_PROXY: '127.0.0.2',
  };
  announcer = await startAnnouncer(testConfig(env, { instance: 'test-1' }), {
    http: { headersTimeoutMs: 1000, maxHeaderBytes: 4096 },
  });
  port = announcer.port;
});

afterAll(async () => {
  await announcer?.close();
  await deleteKeysByPrefix(redis, prefix);
  await redis.quit();
});

const peer = (n: number, over: Partial<AnnounceParams> = {}): AnnounceParams => ({
  infoHash: torrent,
  peerId: Buffer.from(`-TT0001-${String(n).padStart(12, '0')}`),
  port: 7000 + n,
  event: 'started',
  ...over,
});
const announce = (key: string, p: AnnounceParams, headers: http.OutgoingHttpHeaders = {}, from?: string) =>
  get(port, `/announce?passkey=${key}&${announceQuery(p)}`, headers, undefined, from);

describe('private announce: refusals before any swarm work', () => {
  it('refuses a malformed passkey', async () => {
    const res = await announce('not-a-passkey', peer(1));
    expect([res.status, res.failure]).toEqual([200, 'invalid passkey']);
  });

  it('refuses a missing passkey', async () => {
    const res = await get(port, `/announce?${announceQuery(peer(1))}`);
    expect(res.failure).toBe('missing passkey');
  });

  it('refuses an unknown passkey and creates no swarm', async () => {
    const res = await announce(randomBytes(16).toString('hex'), peer(1, { infoHash: randomBytes(20) }));
    expect(res.failure).toBe('unknown passkey');
    expect(await redis.keys(`${prefix}:sw:*`)).toEqual([]);
  });

  it('refuses a torrent that is not registered', async () => {
    const res = await announce(passkey, peer(1, { infoHash: randomBytes(20) }));
    expect(res.failure).toBe('unregistered torrent');
  });

  it('refuses a disabled user', async () => {
    expect((await announce(disabledKey, peer(1))).failure).toBe('your account is disabled');
  });

  it('refuses a user without leech rights while left > 0, but lets them seed', async () => {
    expect((await announce(noLeechKey, peer(2, { left: 5n }))).failure).toBe(
      'leeching is disabled for your account',
    );
    const seeding = await announce(noLeechKey, peer(2, { left: 0n }));
    expect(seeding.failure).toBeUndefined();
    expect(num(seeding, 'complete')).toBeGreaterThanOrEqual(1);
  });

  it('names the bad parameter of a malformed announce', async () => {
    const res = await get(
      port,
      `/announce?passkey=${passkey}&info_hash=short&peer_id=${pct(randomBytes(20))}&port=1&uploaded=0&downloaded=0&left=0`,
    );
    expect(res.status).toBe(200);
    expect(res.failure).toMatch(/info_hash/);
  });
});

describe('private announce: accepted', () => {
  it('returns peers, counts and intervals, accepts all three passkey forms, and records the stats', async () => {
    const hash = randomBytes(20);
    await new RedisRegistryWriter(redis, keys).publishTorrent(hash, { torrentId: 77, freeleech: true });
    const first = await announce(passkey, peer(10, { infoHash: hash, left: 0n }));
    expect(first.failure).toBeUndefined();
    const second = await get(port, `/announce/${passkey}?${announceQuery(peer(11, { infoHash: hash }))}`);
    expect(compactPeers(second)).toEqual(['127.0.0.1:7010']);
    const third = await get(port, `/${passkey}/announce?${announceQuery(peer(12, { infoHash: hash }))}`);
    expect([num(third, 'complete'), num(third, 'incomplete')]).toEqual([1, 2]);
    expect(num(third, 'interval')).toBeGreaterThanOrEqual(60);
    expect(num(third, 'min interval')).toBe(60);
    const entries = (await redis.xrange(keys.statsStream, '-', '+')).map(([, f]) => decodeStatsEntry(f));
    const mine = entries.filter((e) => e.torrentId === 77);
    expect(mine).toHaveLength(3);
    expect(mine[0]).toMatchObject({
      userId: 11,
      infoHashHex: hash.toString('hex'),
      event: 'started',
      instance: 'test-1',
    });
    expect(mine.some((e) => e.peerKey.includes(passkey))).toBe(false);
  });

  it('refuses a plain re-announce before the minimum interval, with the interval, and credits nothing', async () => {
    const hash = randomBytes(20);
    await new RedisRegistryWriter(redis, keys).publishTorrent(hash, { torrentId: 78, freeleech: false });
    await announce(passkey, peer(20, { infoHash: hash }));
    const early = await announce(passkey, peer(20, { infoHash: hash, event: undefined, uploaded: 999n }));
    expect(early.failure).toMatch(/minimum interval is 60 s/);
    expect(num(early, 'min interval')).toBe(60);
    const entries = (await redis.xrange(keys.statsStream, '-', '+')).map(([, f]) => decodeStatsEntry(f));
    expect(entries.filter((e) => e.torrentId === 78)).toHaveLength(1);
  });

  it('takes the peer address from X-Forwarded-For only when the socket is the trusted proxy', async () => {
    const hash = randomBytes(20);
    await new RedisRegistryWriter(redis, keys).publishTorrent(hash, { torrentId: 79, freeleech: false });
    // 127.0.0.2 is the configured proxy; 127.0.0.1 is an ordinary client whose header is ignored.
    await announce(passkey, peer(30, { infoHash: hash }), { 'x-forwarded-for': '203.0.113.9' }, '127.0.0.2');
    await announce(passkey, peer(31, { infoHash: hash }), { 'x-forwarded-for': '198.51.100.7' }, '127.0.0.1');
    const res = await announce(passkey, peer(32, { infoHash: hash }));
    expect(compactPeers(res).sort()).toEqual(['127.0.0.1:7031', '203.0.113.9:7030']);
  });
});

describe('scrape', () => {
  it('answers counts for registered users and caps the number of hashes', async () => {
    const ok = await get(port, `/scrape?passkey=${passkey}&info_hash=${pct(torrent)}`);
    expect(ok.failure).toBeUndefined();
    expect(ok.dict?.['files']).toBeDefined();
    const many = [1, 2, 3, 4].map(() => `info_hash=${pct(randomBytes(20))}`).join('&');
    expect((await get(port, `/scrape/${passkey}?${many}`)).failure).toMatch(
      /too many info_hash values \(at most 3\)/,
    );
    expect((await get(port, `/${disabledKey}/scrape?info_hash=${pct(torrent)}`)).failure).toBe(
      'your account is disabled',
    );
  });
});

describe('HTTP hygiene', () => {
  it('serves several requests on one keep-alive connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    agent.on('free', (socket) => sockets.add(socket));
    for (let i = 0; i < 3; i++) expect((await get(port, '/healthz', {}, agent)).status).toBe(200);
    expect(sockets.size).toBe(1);
    agent.destroy();
  });

  it('answers oversize headers with 200 and a bencoded failure, like every client error', async () => {
    const res = await get(port, `/announce?passkey=${passkey}`, { 'x-padding': 'a'.repeat(8000) });
    expect([res.status, res.failure]).toEqual([200, 'request line or headers too large']);
  });

  it('answers an oversize request line with 200 and a bencoded failure', async () => {
    const res = await get(port, `/announce?passkey=${passkey}&pad=${'b'.repeat(6000)}`);
    expect([res.status, res.failure]).toEqual([200, 'request line or headers too large']);
  });

  it('closes a connection whose headers arrive too slowly', async () => {
    const started = Date.now();
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'),
      );
      let data = '';
      socket.on('data', (d) => (data += d.toString('latin1')));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(reply).toContain('request took too long to arrive');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('answers unknown paths and other methods with a bencoded failure, never HTML', async () => {
    const res = await get(port, '/index.html');
    expect([res.status, res.failure]).toEqual([200, 'not found: announce at /announce, scrape at /scrape']);
  });
});

describe('operations', () => {
  it('reports health and Prometheus metrics with announce results and gauges', async () => {
    expect((await get(port, '/healthz')).status).toBe(200);
    const text = (await get(port, '/metrics')).body.toString();
    expect(text).toMatch(/tracker_announces_total\{result="failure",reason="unknown_passkey"\} 1/);
    expect(text).toMatch(/tracker_request_duration_seconds_bucket/);
    expect(text).toMatch(/tracker_active_peers \d+/);
    expect(text).toMatch(/tracker_stats_stream_length [1-9]/);
  });
});
