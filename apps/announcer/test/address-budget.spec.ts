import { describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { startAnnouncer, type RunningAnnouncer } from '../src/start-announcer.js';
import { announceQuery, get, testConfig } from './support/announcer-harness.js';

// The per-address budget over real HTTP (open mode, embedded store: the budget is in-process).
const REFUSED =
  'd14:failure reason48:too many requests from your address; retry later8:intervali0e12:min intervali0ee';
const env = {
  TRACKER_MODE: 'open',
  MIN_INTERVAL: '0',
  ANNOUNCE_RATE_PER_IP: '50',
  ANNOUNCE_BURST_PER_IP: '200',
};
const infoHash = randomBytes(20);
const path = (n: number) => `/announce?${announceQuery({ infoHash, peerId: Buffer.alloc(20, n), left: 0n })}`;

/**
 * Sends `count` pipelined GETs on one connection (as fast as the socket takes them) and
 * counts the answers: how many were refused for the budget, how many were something else.
 */
function flood(port: number, count: number, headers = ''): Promise<{ refused: number; other: number }> {
  const request = Buffer.from(`GET ${path(1)} HTTP/1.1\r\nHost: t\r\n${headers}\r\n`, 'latin1');
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const tally = { refused: 0, other: 0 };
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let body = nextBody(pending); body !== undefined; body = nextBody(pending)) {
        pending = pending.subarray(body.end);
        if (body.text === REFUSED) tally.refused++;
        else tally.other++;
      }
      if (tally.refused + tally.other >= count) {
        socket.destroy();
        resolve(tally);
      }
    });
    socket.on('error', reject);
    void (async () => {
      for (let sent = 0; sent < count; sent += 500) {
        const batch = Buffer.concat(Array.from({ length: Math.min(500, count - sent) }, () => request));
        if (!socket.write(batch)) await new Promise((r) => socket.once('drain', r));
      }
    })();
  });
}

/** The body of the first complete response in `buf` and where that response ends. */
function nextBody(buf: Buffer): { text: string; end: number } | undefined {
  const head = buf.indexOf('\r\n\r\n');
  if (head === -1) return undefined;
  const length = Number(/content-length: (\d+)/i.exec(buf.subarray(0, head).toString('latin1'))?.[1]);
  const end = head + 4 + length;
  if (buf.length < end) return undefined;
  return { text: buf.subarray(head + 4, end).toString('latin1'), end };
}

async function withAnnouncer(extra: Record<string, string>, run: (a: RunningAnnouncer) => Promise<void>) {
  const announcer = await startAnnouncer(testConfig({ ...env, ...extra }));
  try {
    await run(announcer);
  } finally {
    await announcer.close();
  }
}

describe('per-address request budget', () => {
  it('refuses 30,000 announces from one address past its budget, and still serves another address', async () => {
    await withAnnouncer({}, async ({ port }) => {
      const started = performance.now();
      const { refused, other } = await flood(port, 30_000);
      const seconds = (performance.now() - started) / 1000;
      expect(other + refused).toBe(30_000);
      // The burst plus the rate over the time the flood took; nothing beyond.
      expect(other).toBeGreaterThanOrEqual(200);
      expect(other).toBeLessThanOrEqual(200 + Math.ceil(50 * seconds) + 1);
      const neighbour = await get(port, path(2), {}, undefined, '127.0.0.2');
      expect([neighbour.status, neighbour.failure]).toEqual([200, undefined]);
      const metrics = (await get(port, '/metrics', {}, undefined, '127.0.0.3')).body.toString();
      expect(metrics).toContain(`tracker_announces_total{result="rate_limited",reason=""} ${refused}\n`);
      expect(metrics).toMatch(/tracker_budget_addresses [23]\n/);
    });
  }, 60_000);

  it('charges scrapes to the same budget', async () => {
    await withAnnouncer({ ANNOUNCE_BURST_PER_IP: '3', ANNOUNCE_RATE_PER_IP: '1' }, async ({ port }) => {
      const scrape = () => get(port, `/scrape?info_hash=${'%00'.repeat(20)}`);
      for (let i = 0; i < 3; i++) expect((await scrape()).failure).toBeUndefined();
      expect((await scrape()).body.toString('latin1')).toBe(REFUSED);
      expect((await get(port, path(3))).body.toString('latin1')).toBe(REFUSED);
    });
  });

  it('behind a trusted proxy charges the forwarded address, never the proxy', async () => {
    const proxied = { TRUST_PROXY: '127.0.0.1', ANNOUNCE_BURST_PER_IP: '5', ANNOUNCE_RATE_PER_IP: '1' };
    await withAnnouncer(proxied, async ({ port }) => {
      const from = (client: string) => get(port, path(4), { 'x-forwarded-for': client });
      // 40 clients behind the proxy, 3 requests each: 120 through one proxy address, all served.
      for (let c = 0; c < 40; c++)
        for (let i = 0; i < 3; i++) expect((await from(`203.0.113.${c}`)).failure).toBeUndefined();
      const { refused, other } = await flood(port, 100, 'X-Forwarded-For: 198.51.100.9\r\n');
      expect([other, refused]).toEqual([5, 95]);
      expect((await from('198.51.100.10')).failure).toBeUndefined();
      // The proxy's own request (no client address) is not budgeted; announce refuses it for that.
      const own = await flood(port, 20);
      expect(own.refused).toBe(0);
    });
  });

  it('is off with ANNOUNCE_RATE_PER_IP=0', async () => {
    await withAnnouncer({ ANNOUNCE_RATE_PER_IP: '0' }, async ({ port }) => {
      expect(await flood(port, 2000)).toEqual({ refused: 0, other: 2000 });
    });
  });
});
