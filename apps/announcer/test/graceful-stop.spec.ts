import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { MemorySwarmStore, type SwarmAnnounce } from '@tracker/core';
import { connectRedis, deleteKeysByPrefix } from '@tracker/redis';
import { startAnnouncer } from '../src/start-announcer.js';
import { announceQuery, get, testConfig, toReply } from './support/announcer-harness.js';
import { freePort } from './support/redis-process.js';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const here = path.dirname(fileURLToPath(import.meta.url));
const builtMain = path.resolve(here, '../dist/main.js');
const query = () => announceQuery({ infoHash: randomBytes(20), peerId: randomBytes(20) });

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

describe('graceful stop', () => {
  it('close() lets an in-flight announce finish, then refuses new connections', async () => {
    const memory = new MemorySwarmStore();
    // A store that takes 300 ms, so the announce is surely in flight when close() starts.
    const slow = {
      announce: async (input: SwarmAnnounce) => {
        await new Promise((r) => setTimeout(r, 300));
        return memory.announce(input);
      },
      scrape: (h: readonly Buffer[]) => memory.scrape(h),
      counts: (h: readonly Buffer[]) => memory.counts(h),
      close: () => memory.close(),
    };
    const announcer = await startAnnouncer(testConfig({ TRACKER_MODE: 'open' }), { store: slow });
    const inFlight = get(announcer.port, `/announce?${query()}`);
    await new Promise((r) => setTimeout(r, 50));
    const closing = announcer.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await refused(announcer.port)).toBe(true);
    const res = await inFlight;
    expect(res.failure).toBeUndefined();
    expect(res.headers['connection']).toBe('close');
    await closing;
  });

  describe('the built app on SIGTERM', () => {
    const children: ReturnType<typeof spawn>[] = [];
    const prefix = `test:${randomBytes(6).toString('hex')}`;
    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      const redis = await connectRedis(REDIS_URL);
      await deleteKeysByPrefix(redis, prefix);
      await redis.quit();
    });

    // On Redis the answer needs a script call after SIGTERM: the connection must outlive the drain.
    it.each([
      ['embedded', ''],
      ['on Redis', REDIS_URL],
    ])(
      '%s: answers the request it is reading, refuses new connections and exits 0',
      async (_mode, redisUrl) => {
        expect(existsSync(builtMain)).toBe(true); // run `npm run build` first (npm test does)
        const port = await freePort();
        const child = spawn(process.execPath, [builtMain], {
          env: {
            ...process.env,
            ANNOUNCER_HOST: '127.0.0.1',
            ANNOUNCER_PORT: String(port),
            TRACKER_MODE: 'open',
            REDIS_URL: redisUrl,
            REDIS_PREFIX: prefix,
            LOG_LEVEL: 'warn',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        for (
          let i = 0;
          i < 100 &&
          !(await get(port, '/healthz').then(
            () => true,
            () => false,
          ));
          i++
        )
          await new Promise((r) => setTimeout(r, 100));

        // Half a request on the wire: the server must wait for the rest, not drop it.
        const socket = net.connect(port, '127.0.0.1');
        await new Promise((r) => socket.once('connect', r));
        const request = `GET /announce?${query()} HTTP/1.1\r\nHost: t\r\n`;
        socket.write(request);
        const answer = new Promise<Buffer>((resolve) => {
          const chunks: Buffer[] = [];
          socket.on('data', (c: Buffer) => chunks.push(c));
          socket.on('close', () => resolve(Buffer.concat(chunks)));
        });
        await new Promise((r) => setTimeout(r, 100));
        child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 300));
        expect(await refused(port)).toBe(true);
        socket.write('\r\n');

        const raw = await answer;
        const split = raw.indexOf('\r\n\r\n');
        expect(raw.subarray(0, split).toString('latin1')).toMatch(/^HTTP\/1\.1 200/);
        expect(toReply(200, {}, raw.subarray(split + 4)).dict?.['interval']).toBeDefined();
        expect(await exited).toBe(0);
      },
      20_000,
    );
  });
});
