import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connectRedis, deleteKeysByPrefix } from '@tracker/redis';
import { startAnnouncer, type RunningAnnouncer } from '../../src/start-announcer.js';
import { get, pct, testConfig } from '../support/announcer-harness.js';
import { freePort } from '../support/redis-process.js';

// Two real BitTorrent clients from Debian packages, aria2c seeding and python3-libtorrent
// leeching, with DHT, PEX and local discovery off: they can only meet through the announcer.
const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `test:${randomBytes(6).toString('hex')}`;
let dir: string;
let announcer: RunningAnnouncer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'announcer-e2e-'));
  announcer = await startAnnouncer(
    testConfig({
      TRACKER_MODE: 'open',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      ANNOUNCE_INTERVAL: '60',
      MIN_INTERVAL: '5',
    }),
  );
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await announcer?.close();
  rmSync(dir, { recursive: true, force: true });
  const redis = await connectRedis(REDIS_URL);
  await deleteKeysByPrefix(redis, prefix);
  await redis.quit();
});

describe('two real clients through the announcer (open mode)', () => {
  it('aria2c seeds and libtorrent downloads a random payload, introduced only by the tracker', async () => {
    const seedDir = path.join(dir, 'seed');
    const leechDir = path.join(dir, 'leech');
    mkdirSync(seedDir);
    mkdirSync(leechDir);
    const payload = randomBytes(3 * 1024 * 1024 + 12_345);
    writeFileSync(path.join(seedDir, 'payload.bin'), payload);
    const torrentFile = path.join(dir, 'payload.torrent');
    const announceUrl = `http://127.0.0.1:${announcer.port}/announce`;
    await run('mktorrent', [
      '-a',
      announceUrl,
      '-l',
      '16',
      '-o',
      torrentFile,
      path.join(seedDir, 'payload.bin'),
    ]);

    const seedPort = await freePort();
    const seeder = spawn('aria2c', [
      '--enable-dht=false', '--enable-dht6=false', '--enable-peer-exchange=false', '--bt-enable-lpd=false',
      '--disable-ipv6=true', '--bt-seed-unverified=true', '--seed-ratio=0.0', `--listen-port=${seedPort}`,
      `--dir=${seedDir}`, '--console-log-level=warn', '--summary-interval=0', torrentFile,
    ], { stdio: 'ignore' }); // prettier-ignore
    children.push(seeder);
    await waitForSeeder(torrentFile);

    const leecher = spawn('/usr/bin/python3', [
      path.resolve(here, '../../../../tools/clients/libtorrent-leecher.py'), torrentFile, leechDir, String(await freePort()), '45',
    ], { stdio: ['ignore', 'pipe', 'pipe'] }); // prettier-ignore
    children.push(leecher);
    let log = '';
    leecher.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    leecher.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const code = await new Promise<number | null>((resolve) => leecher.once('exit', resolve));
    if (code !== 0) throw new Error(`libtorrent did not complete (exit ${code}):\n${log}`);
    expect(readFileSync(path.join(leechDir, 'payload.bin')).equals(payload)).toBe(true);
  }, 70_000);
});

/** The seeder has announced once the swarm shows a seeder (scrape by the torrent's hash). */
async function waitForSeeder(torrentFile: string): Promise<void> {
  const { stdout } = await run('/usr/bin/python3', [
    '-c',
    'import sys, libtorrent as lt; print(str(lt.torrent_info(sys.argv[1]).info_hash()))',
    torrentFile,
  ]);
  const infoHash = Buffer.from(stdout.trim(), 'hex');
  for (let i = 0; i < 100; i++) {
    const res = await get(announcer.port, `/scrape?info_hash=${pct(infoHash)}`);
    const files = res.dict?.['files'] as Record<string, { complete?: number }> | undefined;
    const entry = files ? Object.values(files)[0] : undefined;
    if ((entry?.complete ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('aria2c never announced as a seeder');
}
