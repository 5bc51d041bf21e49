import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseTorrentFile } from '@tracker/core';
import { startAnnouncer, type RunningAnnouncer } from '../../src/start-announcer.js';
import { get, testConfig } from '../support/announcer-harness.js';
import { freePort } from '../support/redis-process.js';

// Real BitTorrent clients from Debian packages over the UDP tracker ONLY: each .torrent
// names nothing but a udp:// URL, DHT, PEX and local discovery are off (aria2 needs its DHT
// socket for UDP trackers, so DHT is on there, with an empty routing table and no entry
// point: nobody to ask), so the peers can only meet through BEP 15 announces.
const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3'; // Debian's: python3-libtorrent is installed for it
const CLIENTS = path.resolve(here, '../../../../tools/clients');
let dir: string;
let payload: Buffer;
let seedDir: string;
const children: ChildProcess[] = [];
const announcers: RunningAnnouncer[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'announcer-udp-e2e-'));
  seedDir = path.join(dir, 'seed');
  mkdirSync(seedDir);
  payload = randomBytes(2 * 1024 * 1024 + 4321);
  writeFileSync(path.join(seedDir, 'payload.bin'), payload);
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(announcers.splice(0).map((a) => a.close()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function announcer(env: NodeJS.ProcessEnv): Promise<RunningAnnouncer> {
  const a = await startAnnouncer(
    testConfig({ ANNOUNCER_UDP_PORT: '0', ANNOUNCE_INTERVAL: '60', MIN_INTERVAL: '5', ...env }),
  );
  announcers.push(a);
  return a;
}

let torrents = 0;
/** A .torrent of the payload whose only tracker is `announceUrl`. */
async function torrentFor(announceUrl: string, privateFlag: boolean): Promise<string> {
  const file = path.join(dir, `t${++torrents}.torrent`);
  const args = ['-a', announceUrl, '-l', '16', '-o', file, ...(privateFlag ? ['-p'] : [])];
  await run('mktorrent', [...args, path.join(seedDir, 'payload.bin')]);
  return file;
}

interface Child {
  readonly process: ChildProcess;
  log(): string;
  exited(): Promise<number | null>;
}

function start(command: string, args: string[]): Child {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: clientEnv() });
  children.push(child);
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { process: child, log: () => log, exited: () => exit };
}

function clientEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], HOME: dir, LANG: 'C.UTF-8' };
}

async function libtorrentSeeder(torrent: string): Promise<Child> {
  return start(PYTHON, [
    path.join(CLIENTS, 'libtorrent-seeder.py'),
    torrent,
    seedDir,
    String(await freePort()),
  ]);
}

async function aria2cSeeder(torrent: string): Promise<Child> {
  return start('aria2c', [...(await aria2Options()), '--bt-seed-unverified=true', '--seed-ratio=0.0', `--dir=${seedDir}`, torrent]); // prettier-ignore
}

async function libtorrentLeecher(torrent: string, into: string): Promise<Child> {
  return start(PYTHON, [
    path.join(CLIENTS, 'libtorrent-leecher.py'),
    torrent,
    into,
    String(await freePort()),
    '40',
  ]);
}

async function aria2cLeecher(torrent: string, into: string): Promise<Child> {
  return start('aria2c', [...(await aria2Options()), '--seed-time=0', `--dir=${into}`, '--stop=40', torrent]);
}

async function aria2Options(): Promise<string[]> {
  const dhtPort = await freePort();
  return [
    '--enable-dht=true', `--dht-listen-port=${dhtPort}`, `--dht-file-path=${path.join(dir, `dht-${dhtPort}.dat`)}`,
    '--enable-dht6=false', '--enable-peer-exchange=false', '--bt-enable-lpd=false', '--disable-ipv6=true',
    `--listen-port=${await freePort()}`, '--bt-tracker-interval=5', '--console-log-level=notice',
    '--summary-interval=0', '--check-integrity=false',
  ]; // prettier-ignore
}

/** tracker_udp_requests_total and tracker_announces_total, by their labels joined with spaces. */
async function counters(a: RunningAnnouncer): Promise<Record<string, number>> {
  const text = (await get(a.port, '/metrics')).body.toString();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(
    /^(tracker_udp_requests_total|tracker_announces_total)\{([^}]*)\} (\d+)$/gm,
  )) {
    const labels = [...m[2].matchAll(/="([^"]*)"/g)].map((l) => l[1]).filter((l) => l !== '');
    out[[m[1] === 'tracker_announces_total' ? 'http' : 'udp', ...labels].join(' ')] = Number(m[3]);
  }
  return out;
}

/** Waits until the swarm shows a seeder: the seeder has announced over UDP. */
async function seederAnnounced(a: RunningAnnouncer, seeder: Child): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (((await counters(a))['udp announce ok'] ?? 0) > 0) return;
    if (seeder.process.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the seeder never announced over UDP:\n${seeder.log()}`);
}

async function leechCompletes(leecher: Child, into: string): Promise<void> {
  const code = await leecher.exited();
  if (code !== 0) throw new Error(`the leecher did not complete (exit ${code}):\n${leecher.log()}`);
  expect(readFileSync(path.join(into, 'payload.bin')).equals(payload)).toBe(true);
}

let leeches = 0;
function leechDir(): string {
  const into = path.join(dir, `leech-${++leeches}`);
  mkdirSync(into);
  return into;
}

describe('open mode over UDP only', () => {
  it('aria2c seeds and libtorrent downloads', async () => {
    const a = await announcer({ TRACKER_MODE: 'open' });
    const torrent = await torrentFor(`udp://127.0.0.1:${a.udpPort}/announce`, false);
    const seeder = await aria2cSeeder(torrent);
    await seederAnnounced(a, seeder);
    const into = leechDir();
    await leechCompletes(await libtorrentLeecher(torrent, into), into);
    const seen = await counters(a);
    expect(Object.keys(seen).filter((k) => k.startsWith('http'))).toEqual([]);
    expect(seen['udp announce ok']).toBeGreaterThanOrEqual(2);
  }, 70_000);

  it('libtorrent seeds and aria2c downloads', async () => {
    const a = await announcer({ TRACKER_MODE: 'open' });
    const torrent = await torrentFor(`udp://127.0.0.1:${a.udpPort}/announce`, false);
    const seeder = await libtorrentSeeder(torrent);
    await seederAnnounced(a, seeder);
    const into = leechDir();
    await leechCompletes(await aria2cLeecher(torrent, into), into);
    expect(Object.keys(await counters(a)).filter((k) => k.startsWith('http'))).toEqual([]);
  }, 70_000);
});

describe('private mode over UDP only: the passkey in BEP 41 URL data', () => {
  async function privateAnnouncer() {
    const a = await announcer({});
    if (!a.embedded) throw new Error('expected the embedded backend');
    const passkeys = [randomBytes(16).toString('hex'), randomBytes(16).toString('hex')];
    for (const [i, passkey] of passkeys.entries())
      await a.embedded.registry.upsertUser(passkey, { userId: 100 + i, enabled: true, canLeech: true });
    const torrents = await Promise.all(
      passkeys.map((k) => torrentFor(`udp://127.0.0.1:${a.udpPort}/announce?passkey=${k}`, true)),
    );
    const hashes = torrents.map((t) => parseTorrentFile(readFileSync(t)).infoHashHex);
    expect(hashes[1]).toBe(hashes[0]); // the tracker URL is outside the info dictionary
    await a.embedded.registry.publishTorrent(Buffer.from(hashes[0], 'hex'), {
      torrentId: 7,
      freeleech: false,
    });
    return { a, ledger: a.embedded.ledger, torrents };
  }

  it('libtorrent seeds and libtorrent downloads, each member credited in the ledger', async () => {
    const { a, ledger, torrents } = await privateAnnouncer();
    const seeder = await libtorrentSeeder(torrents[0]);
    await seederAnnounced(a, seeder);
    const into = leechDir();
    await leechCompletes(await libtorrentLeecher(torrents[1], into), into);
    const entries = (await ledger.read(100)).map((r) => r.entry);
    expect(new Set(entries.map((e) => `${e.userId}:${e.torrentId}`))).toEqual(new Set(['100:7', '101:7']));
    const downloaded = entries
      .filter((e) => e.userId === 101)
      .reduce((sum, e) => sum + e.deltaDownloaded, 0n);
    expect(downloaded).toBeGreaterThanOrEqual(BigInt(payload.length));
    const seen = await counters(a);
    expect(Object.keys(seen).filter((k) => k.startsWith('http') || k.includes('failure'))).toEqual([]);
  }, 70_000);

  it('aria2c sends no URL data, so its UDP announces are refused with `missing passkey` (aria2 1.36)', async () => {
    const { a, torrents } = await privateAnnouncer();
    const seeder = await aria2cSeeder(torrents[0]);
    let seen: Record<string, number> = {};
    for (let i = 0; i < 100 && !seen['udp announce failure missing_passkey']; i++) {
      await new Promise((r) => setTimeout(r, 200));
      seen = await counters(a);
    }
    expect(seen['udp announce failure missing_passkey']).toBeGreaterThanOrEqual(1);
    expect(seen['udp announce ok']).toBeUndefined();
    expect(seeder.process.exitCode).toBeNull();
  }, 70_000);
});
