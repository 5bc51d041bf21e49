import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { MemoryRegistry } from '@tracker/core';
import { startAnnouncer, type RunningAnnouncer } from '../src/start-announcer.js';
import {
  announceQuery,
  get,
  num,
  send,
  testConfig,
  toReply,
  type TrackerReply,
} from './support/announcer-harness.js';
import { freePort } from './support/redis-process.js';

// Every failure tells the client when to come back: `interval` and `min interval` after the
// reason (bencode's key order), a full interval when asking again would get the same answer,
// the minimum when it may not.
const env = { ANNOUNCE_INTERVAL: '900', MIN_INTERVAL: '120' };
const FINAL = { interval: 900, min: 120 };
const RETRY_LATER = { interval: 120, min: 120 };
const passkey = randomBytes(16).toString('hex');
const infoHash = randomBytes(20);
let announcer: RunningAnnouncer;
let port: number;

beforeAll(async () => {
  announcer = await startAnnouncer(testConfig(env), { http: { maxHeaderBytes: 2048 } });
  port = announcer.port;
  const registry = announcer.embedded?.registry;
  if (!registry) throw new Error('expected the embedded backend');
  await registry.upsertUser(passkey, { userId: 3, enabled: true, canLeech: true });
  await registry.publishTorrent(infoHash, { torrentId: 4, freeleech: false });
});

afterAll(async () => {
  await announcer?.close();
});

/** The reason first, then the intervals: the bytes a client reads, key by key. */
function expectFailure(
  reply: TrackerReply,
  reason: string,
  intervals: { interval: number; min: number },
): void {
  expect(reply.status).toBe(200);
  expect(reply.failure).toBe(reason);
  expect(Object.keys(reply.dict ?? {})).toEqual(['failure reason', 'interval', 'min interval']);
  expect([num(reply, 'interval'), num(reply, 'min interval')]).toEqual([intervals.interval, intervals.min]);
}

const announcePath = (key: string, hash: Buffer, event?: string) =>
  `/announce?passkey=${key}&${announceQuery({ infoHash: hash, peerId: Buffer.alloc(20, 9), event })}`;

/** Writes raw bytes on a fresh connection and returns the reply, parsed once the server closes. */
function rawExchange(bytes: string): Promise<TrackerReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes, 'latin1'));
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('close', () => {
      const text = Buffer.concat(chunks);
      const at = text.indexOf('\r\n\r\n');
      resolve(toReply(Number(text.subarray(9, 12).toString()), {}, text.subarray(at + 4)));
    });
    socket.on('error', reject);
  });
}

describe('failure responses carry interval and min interval', () => {
  it('writes exactly the reason, then the interval, then the minimum', async () => {
    const reply = await get(port, `/announce?${announceQuery({ infoHash, peerId: Buffer.alloc(20, 1) })}`);
    expect(reply.body.toString('latin1')).toBe(
      'd14:failure reason15:missing passkey8:intervali900e12:min intervali120ee',
    );
  });

  it('a full interval for client mistakes and refusals', async () => {
    expectFailure(await get(port, announcePath('nope', infoHash)), 'invalid passkey', FINAL);
    expectFailure(
      await get(port, announcePath(randomBytes(16).toString('hex'), infoHash)),
      'unknown passkey',
      FINAL,
    );
    expectFailure(await get(port, announcePath(passkey, randomBytes(20))), 'unregistered torrent', FINAL);
    expectFailure(
      await get(port, `/scrape?passkey=${passkey}&info_hash=short`),
      'invalid info_hash: must be 20 bytes, percent-encoded',
      FINAL,
    );
    expectFailure(await get(port, '/nowhere'), 'not found: announce at /announce, scrape at /scrape', FINAL);
    expectFailure(
      await send({ host: '127.0.0.1', port, path: '/announce', method: 'POST' }),
      'only GET is supported',
      FINAL,
    );
  });

  it('a full interval for what node:http refuses before the handler (oversize headers)', async () => {
    const reply = await rawExchange(
      `GET /announce HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4096)}\r\n\r\n`,
    );
    expectFailure(reply, 'request line or headers too large', FINAL);
  });

  it('the minimum after a too-soon announce, which a wait fixes', async () => {
    expect((await get(port, announcePath(passkey, infoHash, 'started'))).failure).toBeUndefined();
    const early = await get(port, announcePath(passkey, infoHash));
    expectFailure(early, early.failure ?? '', RETRY_LATER);
    expect(early.failure).toMatch(/^announce too soon/);
  });

  it('the minimum after an internal error', async () => {
    const broken = {
      announce: async () => {
        throw new Error('bug');
      },
      scrape: async () => [],
      counts: async () => [],
      close: async () => undefined,
    };
    const registry = new MemoryRegistry();
    await registry.upsertUser(passkey, { userId: 3, enabled: true, canLeech: true });
    await registry.publishTorrent(infoHash, { torrentId: 4, freeleech: false });
    const faulty = await startAnnouncer(testConfig(env), { store: broken, registry });
    try {
      const reply = await get(faulty.port, announcePath(passkey, infoHash, 'started'));
      expectFailure(reply, 'internal server error', RETRY_LATER);
    } finally {
      await faulty.close();
    }
  });

  it('the minimum while Redis is unreachable', async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const away = await startAnnouncer(testConfig({ ...env, REDIS_URL: nobody, TRACKER_MODE: 'open' }));
    try {
      const reply = await get(
        away.port,
        `/announce?${announceQuery({ infoHash, peerId: Buffer.alloc(20, 2) })}`,
      );
      expectFailure(reply, 'tracker temporarily unavailable', RETRY_LATER);
    } finally {
      await away.close();
    }
  });
});
