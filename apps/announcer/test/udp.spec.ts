import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { startAnnouncer, type RunningAnnouncer } from '../src/start-announcer.js';
import { announceQuery, compactPeers, get, testConfig } from './support/announcer-harness.js';
import { UdpTestClient } from './support/udp-client.js';

// The UDP tracker (BEP 15) on the embedded store, listening on every address as it does by
// default, driven over 127.0.0.1 and ::1 by a client written from BEP 15's layouts.
let announcer: RunningAnnouncer | undefined;
const clients: UdpTestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await announcer?.close();
  announcer = undefined;
});

async function start(env: NodeJS.ProcessEnv): Promise<RunningAnnouncer> {
  announcer = await startAnnouncer(testConfig({ ANNOUNCER_UDP_PORT: '0', ...env }, { host: undefined }));
  return announcer;
}

async function client(host: string): Promise<UdpTestClient> {
  const port = announcer?.udpPort;
  if (port === undefined) throw new Error('the UDP tracker is off');
  const c = await UdpTestClient.open(host, port);
  clients.push(c);
  return c;
}

const peerId = (n: number) => Buffer.from(`-UT0001-${String(n).padStart(12, '0')}`);

describe('the UDP tracker, open mode', () => {
  it('is off unless ANNOUNCER_UDP_PORT is set', async () => {
    announcer = await startAnnouncer(testConfig({ TRACKER_MODE: 'open' }));
    expect(announcer.udpPort).toBeUndefined();
  });

  it('connects, announces and scrapes over IPv4, peers as 6 bytes', async () => {
    await start({ TRACKER_MODE: 'open', ANNOUNCE_INTERVAL: '900', MIN_INTERVAL: '60' });
    const infoHash = randomBytes(20);
    const [a, b] = [await client('127.0.0.1'), await client('127.0.0.1')];
    const first = await a.announce(await a.connect(), { infoHash, peerId: peerId(1), port: 7001, left: 0n });
    expect(first).toMatchObject({ action: 'announce', seeders: 1, leechers: 0, peers: [] });
    if (first.action !== 'announce') return;
    expect(first.interval).toBeGreaterThanOrEqual(810);
    expect(first.interval).toBeLessThanOrEqual(990);
    const second = await b.announce(await b.connect(), { infoHash, peerId: peerId(2), port: 7002 });
    expect(second).toMatchObject({ action: 'announce', seeders: 1, leechers: 1 });
    if (second.action !== 'announce') return;
    expect(second.peers).toEqual([{ ip: Buffer.from([127, 0, 0, 1]), port: 7001 }]);
    const scrape = await a.scrape(await a.connect(), [infoHash, randomBytes(20), infoHash]);
    const seeded = { complete: 1, incomplete: 1, downloaded: 0 };
    const none = { complete: 0, incomplete: 0, downloaded: 0 };
    expect(scrape).toMatchObject({ action: 'scrape', counts: [seeded, none, seeded] });
  });

  it('answers an IPv6 announce with 18-byte IPv6 peers only, on the same port', async () => {
    await start({ TRACKER_MODE: 'open' });
    const infoHash = randomBytes(20);
    const v4 = await client('127.0.0.1');
    await v4.announce(await v4.connect(), { infoHash, peerId: peerId(1), port: 7001 });
    const [c, d] = [await client('::1'), await client('::1')];
    await c.announce(await c.connect(), { infoHash, peerId: peerId(3), port: 7003 });
    const answer = await d.announce(await d.connect(), { infoHash, peerId: peerId(4), port: 7004 });
    expect(answer).toMatchObject({ action: 'announce', leechers: 3 });
    if (answer.action !== 'announce') return;
    const loopback6 = Buffer.alloc(16);
    loopback6[15] = 1;
    expect(answer.peers).toEqual([{ ip: loopback6, port: 7003 }]);
  });

  it('shares the swarm and the minimum interval with HTTP', async () => {
    const { port } = await start({ TRACKER_MODE: 'open', MIN_INTERVAL: '60' });
    const infoHash = randomBytes(20);
    await get(
      port,
      `/announce?${announceQuery({ infoHash, peerId: peerId(1), port: 7001, event: 'started' })}`,
    );
    const u = await client('127.0.0.1');
    const id = await u.connect();
    const answer = await u.announce(id, { infoHash, peerId: peerId(2), port: 7002 });
    expect(answer).toMatchObject({
      action: 'announce',
      peers: [{ ip: Buffer.from([127, 0, 0, 1]), port: 7001 }],
    });
    const viaHttp = await get(
      port,
      `/announce?${announceQuery({ infoHash, peerId: peerId(3), port: 7003 })}`,
    );
    expect(compactPeers(viaHttp).sort()).toEqual(['127.0.0.1:7001', '127.0.0.1:7002']);
    const early = await u.announce(id, { infoHash, peerId: peerId(2), port: 7002, event: 'none' });
    expect(early).toMatchObject({ action: 'error' });
    if (early.action === 'error')
      expect(early.message).toMatch(/^announce too soon: minimum interval is 60 s, retry in \d+ s$/);
  });

  it('answers a bad announce from a proven address with an error packet naming the field', async () => {
    await start({ TRACKER_MODE: 'open' });
    const u = await client('127.0.0.1');
    const answer = await u.announce(await u.connect(), { infoHash: randomBytes(20), port: 0 });
    expect(answer).toMatchObject({ action: 'error', message: 'invalid port: must be from 1 to 65535' });
  });

  it('caps the peers of one answer so it fits a 1500-byte frame', async () => {
    await start({ TRACKER_MODE: 'open', NUMWANT_MAX: '1000' });
    const infoHash = randomBytes(20);
    const u = await client('127.0.0.1');
    const id = await u.connect();
    for (let n = 0; n < 250; n++)
      await u.announce(id, { infoHash, peerId: peerId(n), port: 8000 + n, left: 0n });
    const answer = await u.announce(id, { infoHash, peerId: peerId(999), port: 9999, numWant: 1000 });
    expect(answer).toMatchObject({ action: 'announce', seeders: 250 });
    if (answer.action === 'announce') expect(answer.peers).toHaveLength(242);
  });
});

describe('the UDP tracker, private mode (BEP 41 URL data)', () => {
  async function privateSwarm() {
    const running = await start({ MIN_INTERVAL: '60' });
    const embedded = running.embedded;
    if (!embedded) throw new Error('expected the embedded backend');
    const passkey = randomBytes(16).toString('hex');
    const infoHash = randomBytes(20);
    await embedded.registry.upsertUser(passkey, { userId: 41, enabled: true, canLeech: true });
    await embedded.registry.publishTorrent(infoHash, { torrentId: 15, freeleech: false });
    return { passkey, infoHash, ledger: embedded.ledger };
  }

  it('reads the passkey from /announce?passkey=… or /<passkey>/announce and writes the same ledger', async () => {
    const { passkey, infoHash, ledger } = await privateSwarm();
    const u = await client('127.0.0.1');
    const id = await u.connect();
    const urlData = `/announce?passkey=${passkey}`;
    const first = await u.announce(id, { infoHash, peerId: peerId(1), port: 7001, urlData });
    expect(first).toMatchObject({ action: 'announce', leechers: 1 });
    const second = await u.announce(id, {
      infoHash,
      peerId: peerId(2),
      port: 7002,
      urlData: `/${passkey}/announce`,
    });
    expect(second).toMatchObject({ action: 'announce', leechers: 2, peers: [{ port: 7001 }] });
    const entries = await ledger.read(10);
    expect(entries.map((r) => [r.entry.userId, r.entry.torrentId, r.entry.event])).toEqual([
      [41, 15, 'started'],
      [41, 15, 'started'],
    ]);
  });

  it('refuses with the HTTP reasons: no passkey, a malformed one, an unknown one, an unregistered torrent', async () => {
    const { passkey } = await privateSwarm();
    const u = await client('::1');
    const id = await u.connect();
    const infoHash = randomBytes(20);
    const reasons = [];
    for (const urlData of [
      undefined,
      '/announce',
      '/announce?passkey=nothex',
      `/announce?passkey=${'0'.repeat(32)}`,
      `/announce?passkey=${passkey}`,
    ]) {
      const answer = await u.announce(id, { infoHash, urlData });
      reasons.push(answer.action === 'error' ? answer.message : answer.action);
    }
    expect(reasons).toEqual([
      'missing passkey',
      'missing passkey',
      'invalid passkey',
      'unknown passkey',
      'unregistered torrent',
    ]);
  });

  it('refuses a scrape, which has no room for a passkey', async () => {
    const { infoHash } = await privateSwarm();
    const u = await client('127.0.0.1');
    expect(await u.scrape(await u.connect(), [infoHash])).toMatchObject({
      action: 'error',
      message: 'missing passkey',
    });
  });
});

describe('UDP metrics and stop', () => {
  it('counts datagrams by action and result in /metrics', async () => {
    const running = await start({ TRACKER_MODE: 'open' });
    const u = await client('127.0.0.1');
    await u.announce(await u.connect(), { infoHash: randomBytes(20) });
    const text = (await get(running.port, '/metrics')).body.toString();
    expect(text).toContain('tracker_udp_requests_total{action="connect",result="ok",reason=""} 1');
    expect(text).toContain('tracker_udp_requests_total{action="announce",result="ok",reason=""} 1');
    expect(text).toMatch(/tracker_request_duration_seconds_count\{route="udp_announce"\} 1/);
  });

  it('closes the UDP socket on close(): the port is free again', async () => {
    const running = await start({ TRACKER_MODE: 'open' });
    const port = running.udpPort;
    await running.close();
    announcer = undefined;
    const dgram = await import('node:dgram');
    const again = dgram.createSocket({ type: 'udp6', ipv6Only: false });
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind({ port, address: '::', exclusive: true }, resolve);
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });
});
