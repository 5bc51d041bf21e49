import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  encodeUdpConnectRequest,
  encodeUdpScrapeRequest,
  MemoryRegistry,
  MemorySwarmStore,
  UDP_PROTOCOL_ID,
} from '@tracker/core';
import { startAnnouncer, type AnnouncerDeps, type RunningAnnouncer } from '../src/start-announcer.js';
import { get, testConfig } from './support/announcer-harness.js';
import { announceDatagram, UdpTestClient } from './support/udp-client.js';

// What a sender that has not proven its address can get out of the UDP tracker: a 16-byte
// answer to a 16-byte connect, and nothing else; and what it costs us: no swarm, registry
// or budget work.
const running: RunningAnnouncer[] = [];
const clients: UdpTestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((a) => a.close()));
});

async function start(env: NodeJS.ProcessEnv, deps: AnnouncerDeps = {}): Promise<RunningAnnouncer> {
  const announcer = await startAnnouncer(testConfig({ ANNOUNCER_UDP_PORT: '0', ...env }), deps);
  running.push(announcer);
  return announcer;
}

async function client(announcer: RunningAnnouncer): Promise<UdpTestClient> {
  const c = await UdpTestClient.open('127.0.0.1', announcer.udpPort ?? 0);
  clients.push(c);
  return c;
}

/** Wraps every method of `target` to count its calls: the store's and registry's work. */
function counted<T extends object>(target: T, calls: string[]): T {
  return new Proxy(target, {
    get(obj, name, receiver) {
      const value: unknown = Reflect.get(obj, name, receiver);
      if (typeof value !== 'function' || name === 'close') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
}

/** Every datagram in the flood a forged or careless sender could send without a valid id. */
function flood(otherClientsId: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < 100; i++) out.push(randomBytes(i % 16)); // shorter than a header
  for (let i = 0; i < 100; i++) out.push(garbageRequest(16 + i)); // no action we know
  for (let i = 0; i < 100; i++) {
    const connect = encodeUdpConnectRequest(randomBytes(4));
    connect.writeBigUInt64BE(UDP_PROTOCOL_ID ^ BigInt(1 + i), 0); // not the protocol id
    out.push(connect);
  }
  for (let i = 0; i < 100; i++) out.push(announceDatagram(randomBytes(8), { infoHash: randomBytes(20) }));
  for (let i = 0; i < 100; i++)
    out.push(encodeUdpScrapeRequest(randomBytes(8), randomBytes(4), [randomBytes(20)]));
  out.push(
    announceDatagram(otherClientsId, {
      infoHash: randomBytes(20),
      urlData: `/announce?passkey=${'a'.repeat(32)}`,
    }),
  );
  return out;
}

/** A datagram as long as `length` whose action field is neither 0, 1 nor 2. */
function garbageRequest(length: number): Buffer {
  const datagram = randomBytes(length);
  datagram.writeUInt32BE(3 + (datagram.readUInt32BE(8) % 1000), 8);
  return datagram;
}

/** tracker_udp_requests_total by "action result", reasons summed. */
function udpCounts(metrics: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of metrics.matchAll(
    /^tracker_udp_requests_total\{action="(\w+)",result="(\w+)",reason="\w*"\} (\d+)$/gm,
  ))
    counts[`${m[1]} ${m[2]}`] = (counts[`${m[1]} ${m[2]}`] ?? 0) + Number(m[3]);
  return counts;
}

describe('datagrams from a sender that has not proven its address', () => {
  it.each(['open', 'private'])('get no answer and cost no swarm or registry work (%s mode)', async (mode) => {
    const calls: string[] = [];
    const store = counted(new MemorySwarmStore(), calls);
    const registry = counted(new MemoryRegistry(), calls);
    const announcer = await start({ TRACKER_MODE: mode }, { store, registry });
    const [attacker, victim] = [await client(announcer), await client(announcer)];
    const victimsId = await victim.connect();
    const datagrams = flood(victimsId);
    for (const [i, datagram] of datagrams.entries()) {
      attacker.send(datagram);
      // Paced, so that the kernel's receive buffer (not the tracker) drops none of them.
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 5));
    }
    expect(await attacker.next(500)).toBeUndefined();
    expect(calls).toEqual([]);
    const counts = udpCounts((await get(announcer.port, '/metrics')).body.toString());
    expect(counts).toEqual({
      'connect ok': 1,
      'unknown malformed': 200,
      'unknown bad_connection_id': 100,
      'announce bad_connection_id': 101,
      'scrape bad_connection_id': 100,
    });
  });

  it('get a connect answer no larger than the connect request: 16 bytes', async () => {
    const announcer = await start({ TRACKER_MODE: 'open' });
    const c = await client(announcer);
    for (const padding of [0, 100]) {
      c.send(Buffer.concat([encodeUdpConnectRequest(randomBytes(4)), Buffer.alloc(padding)]));
      expect((await c.next())?.length).toBe(16);
    }
  });

  it('are not charged to the address budget, so forged ones cannot lock a real client out', async () => {
    const announcer = await start({
      TRACKER_MODE: 'open',
      ANNOUNCE_RATE_PER_IP: '1',
      ANNOUNCE_BURST_PER_IP: '2',
    });
    const c = await client(announcer);
    for (let i = 0; i < 20; i++) await c.connect();
    for (let i = 0; i < 20; i++) c.send(announceDatagram(randomBytes(8), { infoHash: randomBytes(20) }));
    const id = await c.connect();
    const answers = [];
    for (let n = 0; n < 3; n++) answers.push(await c.announce(id, { infoHash: randomBytes(20) }));
    expect(answers.map((a) => (a.action === 'error' ? a.message : a.action))).toEqual([
      'announce',
      'announce',
      'too many requests from your address; retry later',
    ]);
  });
});

describe('connection ids', () => {
  it('are accepted for at least 2 minutes and refused, silently, after 3', async () => {
    let now = Date.UTC(2026, 11, 7, 12, 0, 30);
    const announcer = await start({ TRACKER_MODE: 'open' }, { clock: () => now });
    const c = await client(announcer);
    const id = await c.connect();
    now += 2 * 60_000;
    expect(await c.announce(id, { infoHash: randomBytes(20) })).toMatchObject({ action: 'announce' });
    now += 60_000;
    c.send(announceDatagram(id, { infoHash: randomBytes(20) }));
    expect(await c.next(300)).toBeUndefined();
  });

  it('from one announcer pass at another with the same ANNOUNCER_UDP_SECRET, not at one without', async () => {
    const secret = { TRACKER_MODE: 'open', ANNOUNCER_UDP_SECRET: 'fleet-secret-0123456789' };
    const [a, b, other] = [await start(secret), await start(secret), await start({ TRACKER_MODE: 'open' })];
    const c = await client(a);
    const id = await c.connect();
    // The same source address and port, now to the other announcers (as behind one address).
    c.aim(b.udpPort ?? 0);
    expect(await c.announce(id, { infoHash: randomBytes(20) })).toMatchObject({ action: 'announce' });
    c.aim(other.udpPort ?? 0);
    c.send(announceDatagram(id, { infoHash: randomBytes(20) }));
    expect(await c.next(300)).toBeUndefined();
  });
});
