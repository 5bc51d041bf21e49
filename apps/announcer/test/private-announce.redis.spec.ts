import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  connectRedis,
  RedisRegistryWriter,
  createKeySchema,
  decodeStatsEntry,
  deleteKeysByPrefix,
  encodeStatsEntry,
  type RedisClient,
} from '@tracker/redis';
import type { StatsEntry } from '@tracker/core';
import { startAnnouncer, type RunningAnnouncer } from '../src/start-announcer.js';
import {
  announceQuery,
  compactPeers,
  get,
  num,
  pct,
  send,
  testConfig,
  toReply,
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
let redis: RedisClient;
let writer: RedisRegistryWriter;
let announcer: RunningAnnouncer;
let port: number;

beforeAll(async () => {
  redis = await connectRedis(REDIS_URL);
  writer = new RedisRegistryWriter(redis, keys);
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
const streamLength = () => redis.xlen(keys.statsStream);

/** The failure reason of an announce that must be refused, checking it credited nothing. */
async function refusedAnnounce(key: string, p: AnnounceParams): Promise<string | undefined> {
  const before = await streamLength();
  const res = await announce(key, p);
  expect(res.status).toBe(200);
  expect(await streamLength()).toBe(before);
  return res.failure;
}

/** Writes raw bytes on a fresh connection and returns all the server sent until it closed. */
function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes, 'latin1'));
    let data = '';
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

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
    const unknown = randomBytes(16).toString('hex');
    expect(await refusedAnnounce(unknown, peer(1, { infoHash: randomBytes(20) }))).toBe('unknown passkey');
    expect(await redis.keys(`${prefix}:sw:*`)).toEqual([]);
  });

  it('refuses a torrent that is not registered', async () => {
    expect(await refusedAnnounce(passkey, peer(1, { infoHash: randomBytes(20) }))).toBe(
      'unregistered torrent',
    );
  });

  it('refuses a disabled user', async () => {
    expect(await refusedAnnounce(disabledKey, peer(1))).toBe('your account is disabled');
  });

  it('refuses a user without leech rights while left > 0, but lets them seed', async () => {
    expect(await refusedAnnounce(noLeechKey, peer(2, { left: 5n }))).toBe(
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

describe('private announce: refused after a success', () => {
  it('refuses a torrent unpublished after it was announced, and credits nothing', async () => {
    const hash = randomBytes(20);
    await writer.publishTorrent(hash, { torrentId: 81, freeleech: false });
    expect((await announce(passkey, peer(40, { infoHash: hash }))).failure).toBeUndefined();
    await writer.unpublishTorrent(hash);
    expect(await refusedAnnounce(passkey, peer(40, { infoHash: hash, event: 'started' }))).toBe(
      'unregistered torrent',
    );
  });

  it('refuses a passkey removed after its user announced, and credits nothing', async () => {
    const removed = randomBytes(16).toString('hex');
    await writer.upsertUser(removed, { userId: 14, enabled: true, canLeech: true });
    expect((await announce(removed, peer(41))).failure).toBeUndefined();
    await writer.removeUser(removed);
    expect(await refusedAnnounce(removed, peer(41, { event: 'started' }))).toBe('unknown passkey');
  });
});

describe('private announce: issue 11, forged credit and peers per member, over HTTP', () => {
  const fiveGiB = 5_368_709_120n;
  const SIZE = 1_000_000n;
  async function published(torrentId: number): Promise<Buffer> {
    const hash = randomBytes(20);
    await writer.publishTorrent(hash, { torrentId, freeleech: false, size: Number(SIZE) });
    return hash;
  }
  const entriesOf = async (torrentId: number) =>
    (await redis.xrange(keys.statsStream, '-', '+'))
      .map(([, f]) => decodeStatsEntry(f))
      .filter((e) => e.torrentId === torrentId);
  const credited = (entries: StatsEntry[]) =>
    entries.reduce((sum, e) => sum + e.deltaUploaded + e.deltaDownloaded, 0n);

  it('answers a repeated started claiming 10^15 bytes too soon, and credits nothing', async () => {
    const hash = await published(201);
    expect(
      (await announce(passkey, peer(70, { infoHash: hash, left: 0n, uploaded: 4000n }))).failure,
    ).toBeUndefined();
    const forged = await announce(
      passkey,
      peer(70, { infoHash: hash, left: 0n, uploaded: 1_000_000_000_004_000n }),
    );
    expect(forged.failure).toMatch(/^announce too soon: minimum interval is 60 s/);
    expect(credited(await entriesOf(201))).toBe(0n);
  });

  it('credits nothing for started/stopped/started cycles into a swarm with no leechers, and keeps the evidence', async () => {
    const hash = await published(202);
    for (let cycle = 0; cycle < 3; cycle++) {
      expect((await announce(passkey, peer(71, { infoHash: hash, left: 0n }))).failure).toBeUndefined();
      const stop = await announce(
        passkey,
        peer(71, { infoHash: hash, left: 0n, event: 'stopped', uploaded: fiveGiB }),
      );
      expect(stop.failure).toBeUndefined();
    }
    const entries = await entriesOf(202);
    expect(entries).toHaveLength(6);
    expect(credited(entries)).toBe(0n);
    expect(entries.filter((e) => e.event === 'stopped').map((e) => [e.heldUploaded, e.heldReason])).toEqual([
      [fiveGiB, 'too_fast,no_leechers'],
      [fiveGiB, 'too_fast,no_leechers'],
      [fiveGiB, 'too_fast,no_leechers'],
    ]);
  });

  it("refuses left at 50 times the torrent's size with its reason, crediting nothing", async () => {
    const hash = await published(203);
    expect(await refusedAnnounce(passkey, peer(72, { infoHash: hash, left: 50n * SIZE }))).toBe(
      "left exceeds the torrent's size",
    );
    expect(await redis.exists(keys.swarm(hash).peers)).toBe(0);
  });

  it('holds a downloaded delta of ten times the torrent size', async () => {
    const hash = await published(204);
    await announce(passkey, peer(73, { infoHash: hash, left: SIZE }));
    const done = await announce(
      passkey,
      peer(73, { infoHash: hash, left: 0n, event: 'completed', downloaded: 10n * SIZE }),
    );
    expect(done.failure).toBeUndefined();
    expect((await entriesOf(204)).at(-1)).toMatchObject({
      deltaDownloaded: 0n,
      heldDownloaded: 10n * SIZE,
      heldReason: 'over_size',
    });
  });

  it('refuses the fourth to sixth peer of one member with the limit in the reason', async () => {
    const hash = await published(205);
    const failures = [];
    for (let n = 1; n <= 6; n++)
      failures.push((await announce(passkey, peer(80 + n, { infoHash: hash }))).failure);
    const refused = 'too many active peers for this torrent: at most 3';
    expect(failures).toEqual([undefined, undefined, undefined, refused, refused, refused]);
    expect(await entriesOf(205)).toHaveLength(3);
  });

  it('still credits a seeder what it uploaded to a leecher', async () => {
    const hash = await published(206);
    const other = randomBytes(16).toString('hex');
    await writer.upsertUser(other, { userId: 15, enabled: true, canLeech: true });
    await announce(passkey, peer(90, { infoHash: hash, left: 0n }));
    await announce(other, peer(91, { infoHash: hash, left: SIZE }));
    const stop = await announce(
      passkey,
      peer(90, { infoHash: hash, left: 0n, event: 'stopped', uploaded: 500_000n }),
    );
    expect(stop.failure).toBeUndefined();
    expect((await entriesOf(206)).filter((e) => e.userId === 11).at(-1)).toMatchObject({
      deltaUploaded: 500_000n,
      heldUploaded: 0n,
      heldReason: '',
    });
  });
});

describe('stats stream', () => {
  it('is never trimmed by the announcer: N accepted announces add exactly N entries', async () => {
    const hash = randomBytes(20);
    await writer.publishTorrent(hash, { torrentId: 90, freeleech: false });
    // A long stream first, so that any MAXLEN or MINID trimming up to 20,000 entries would show.
    const filler = encodeStatsEntry({
      userId: 11,
      torrentId: 90,
      infoHashHex: hash.toString('hex'),
      peerKey: 'u11:filler',
      deltaUploaded: 0n,
      deltaDownloaded: 0n,
      heldUploaded: 0n,
      heldDownloaded: 0n,
      heldReason: '',
      left: 0n,
      event: 'none',
      seeding: true,
      timestamp: Date.now(),
      instance: 'filler',
    });
    const fill = redis.pipeline();
    for (let i = 0; i < 20_000; i++) fill.xadd(keys.statsStream, '*', ...filler);
    await fill.exec();
    const before = await streamLength();
    const [[oldest]] = (await redis.xrange(keys.statsStream, '-', '+', 'COUNT', 1)) as [[string, string[]]];
    // One peer starting and stopping: those are accepted at once, and one member may have only
    // MAX_PEERS_PER_USER (3) live peers per torrent, so 30 peers of one passkey would be refused.
    const n = 30;
    for (let i = 0; i < n; i++) {
      const event = i % 2 === 0 ? 'started' : 'stopped';
      expect((await announce(passkey, peer(100, { infoHash: hash, event }))).failure).toBeUndefined();
    }
    expect(await streamLength()).toBe(before + n);
    expect((await redis.xrange(keys.statsStream, '-', '+', 'COUNT', 1))[0]?.[0]).toBe(oldest);
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

  it('answers counts with the passkey in the path, in both forms', async () => {
    const hash = randomBytes(20);
    hash[0] = 0xff; // never UTF-8, so the decoded `files` dictionary names it in hex
    await writer.publishTorrent(hash, { torrentId: 82, freeleech: false });
    await announce(passkey, peer(50, { infoHash: hash, left: 0n }));
    await announce(passkey, peer(51, { infoHash: hash }));
    for (const path of [`/scrape/${passkey}`, `/${passkey}/scrape`]) {
      const res = await get(port, `${path}?info_hash=${pct(hash)}`);
      expect([res.status, res.failure]).toEqual([200, undefined]);
      expect(res.dict?.['files']).toEqual({
        [hash.toString('hex')]: { complete: 1, incomplete: 1, downloaded: 0 },
      });
    }
  });

  it.each([
    ['/scrape?passkey=<passkey>', (key: string) => `/scrape?passkey=${key}&`],
    ['/scrape/<passkey>', (key: string) => `/scrape/${key}?`],
    ['/<passkey>/scrape', (key: string) => `/${key}/scrape?`],
  ])('refuses unknown and malformed passkeys on %s', async (_form, target) => {
    const scrape = (key: string) => get(port, `${target(key)}info_hash=${pct(torrent)}`);
    expect((await scrape(randomBytes(16).toString('hex'))).failure).toBe('unknown passkey');
    expect((await scrape('not-a-passkey')).failure).toBe('invalid passkey');
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
    const reply = await rawExchange('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(reply).toContain('request took too long to arrive');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('answers unknown paths and other methods with a bencoded failure, never HTML', async () => {
    const res = await get(port, '/index.html');
    expect([res.status, res.failure]).toEqual([200, 'not found: announce at /announce, scrape at /scrape']);
    const post = await send({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/announce?passkey=${passkey}&${announceQuery(peer(1))}`,
    });
    expect([post.status, post.failure]).toEqual([200, 'only GET is supported']);
  });

  it('answers bytes that are not HTTP with 200 and a bencoded failure, then closes', async () => {
    const reply = await rawExchange('HELLO\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    const body = Buffer.from(reply.slice(reply.indexOf('\r\n\r\n') + 4), 'latin1');
    expect(toReply(200, {}, body).failure).toBe('malformed HTTP request');
  });
});

describe('operations', () => {
  it('reports health and Prometheus metrics with announce results and gauges', async () => {
    expect((await get(port, '/healthz')).status).toBe(200);
    const text = (await get(port, '/metrics')).body.toString();
    // An unknown passkey and a removed one; scrapes refused one in each of the three forms.
    expect(text).toMatch(/tracker_announces_total\{result="failure",reason="unknown_passkey"\} 2\n/);
    expect(text).toMatch(/tracker_scrapes_total\{result="failure",reason="unknown_passkey"\} 3\n/);
    expect(text).toMatch(/tracker_request_duration_seconds_bucket/);
    expect(text).toMatch(/tracker_active_peers \d+/);
    expect(text).toMatch(/tracker_stats_stream_length [1-9]/);
  });

  it('counts the seeders, leechers and peers of the swarms in Redis exactly', async () => {
    // Its own prefix and announcer: the gauges total every swarm under the prefix.
    const own = createKeySchema(`${prefix}:census`);
    const ownWriter = new RedisRegistryWriter(redis, own);
    await ownWriter.upsertUser(passkey, { userId: 21, enabled: true, canLeech: true });
    const [a, b] = [randomBytes(20), randomBytes(20)];
    await ownWriter.publishTorrent(a, { torrentId: 1, freeleech: false });
    await ownWriter.publishTorrent(b, { torrentId: 2, freeleech: false });
    const census = await startAnnouncer(
      testConfig({ REDIS_URL, REDIS_PREFIX: own.prefix }, { instance: 'test-census' }),
    );
    try {
      const accepted = async (p: AnnounceParams) =>
        expect(
          (await get(census.port, `/announce?passkey=${passkey}&${announceQuery(p)}`)).failure,
        ).toBeUndefined();
      // a: a seeder, a leecher, and a leecher that completes: 2 seeders, 1 leecher.
      await accepted(peer(60, { infoHash: a, left: 0n }));
      await accepted(peer(61, { infoHash: a }));
      await accepted(peer(62, { infoHash: a }));
      await accepted(peer(62, { infoHash: a, left: 0n, event: 'completed' }));
      // b: a seeder, a leecher, and a leecher that stops: 1 seeder, 1 leecher.
      await accepted(peer(63, { infoHash: b, left: 0n }));
      await accepted(peer(64, { infoHash: b }));
      await accepted(peer(65, { infoHash: b }));
      await accepted(peer(65, { infoHash: b, event: 'stopped' }));
      const text = (await get(census.port, '/metrics')).body.toString();
      const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
      expect({
        seeders: gauge('tracker_active_seeders'),
        leechers: gauge('tracker_active_leechers'),
        peers: gauge('tracker_active_peers'),
        swarms: gauge('tracker_swarms'),
        stream: gauge('tracker_stats_stream_length'),
      }).toEqual({ seeders: 3, leechers: 2, peers: 5, swarms: 2, stream: await redis.xlen(own.statsStream) });
    } finally {
      await census.close();
    }
  });
});
