import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AnnounceProxy } from '../support/announce-proxy.js';
import { expectedCredit, type AnnounceRecord, type Credit } from '../support/announce-record.js';
import { killAllStarted } from '../support/app-process.js';
import { freePort } from '../support/free-port.js';
import { ProductStack } from '../support/product-stack.js';
import { createCategory, createEditor, registerMember, type Member } from '../support/site-accounts.js';
import { listsSnatchOf, statOnPage } from '../support/site-client.js';
import { waitForRegistry } from '../support/redis-probes.js';
import { TestServices } from '../support/test-services.js';
import { passkeyOf, readTorrent } from '../support/torrent-file.js';
import { waitFor } from '../support/wait-for.js';
import { aria2cSeeder, libtorrentLeecher } from './real-clients.js';

// The whole product with real BitTorrent clients: the site and the announcer from their
// builds, MariaDB and Redis; aria2c seeds with user A's .torrent and python3-libtorrent
// downloads with user B's, DHT/PEX/LSD off so only the tracker introduces them. Announces go
// through a recording proxy so the test knows the exact counters each client reported.
const run = promisify(execFile);
const PAYLOAD_BYTES = 4 * 1024 * 1024 + 12_345;
let services: TestServices;
let stack: ProductStack;
let proxy: AnnounceProxy;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'product-e2e-'));
  services = await TestServices.create('clients');
  stack = await ProductStack.create(services, {
    // MIN_INTERVAL 1 s lets aria2c re-announce every 2 s; the site's torrents point at the proxy.
    announcerEnv: { ANNOUNCE_INTERVAL: '60', MIN_INTERVAL: '1' },
    announceBaseUrl: async (announcerPort) => {
      proxy = new AnnounceProxy(announcerPort);
      await proxy.listen(await freePort());
      return `http://127.0.0.1:${proxy.port}`;
    },
  });
  await stack.start();
}, 60_000);

afterAll(async () => {
  await killAllStarted();
  await proxy?.close();
  await services?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the product with real clients', () => {
  it('moves a payload from an aria2c seeder to a libtorrent leecher and credits both ratios exactly', async () => {
    try {
      await scenario();
    } catch (err) {
      // What the clients announced and the apps' last output lines say what went wrong.
      throw new Error(`${(err as Error).message}\n${announceLog()}\n${stack.logs()}`, { cause: err });
    }
  }, 120_000);
});

async function scenario(): Promise<void> {
  const [alice, bob] = [await registerMember(stack, 'alice_seed'), await registerMember(stack, 'bob_leech')];
  expect(alice.passkey).not.toBe(bob.passkey);

  const payload = randomBytes(PAYLOAD_BYTES);
  const release = await publishRelease(payload);

  const aliceTorrent = await downloadTorrentOf(alice, release.id, release.infoHash);
  const bobTorrent = await downloadTorrentOf(bob, release.id, release.infoHash);
  await waitForRegistry(services, [release.infoHash], [alice.passkey, bob.passkey]);

  await transfer({ member: alice, torrent: aliceTorrent }, bobTorrent, payload);
  const [aliceFinal, bobFinal] = [await stoppedAnnounceOf(alice), await stoppedAnnounceOf(bob)];
  console.log(
    `real clients: ${proxy.records.length} announces through the proxy; final announces: alice (aria2c) ` +
      `up ${aliceFinal.uploaded} down ${aliceFinal.downloaded}, bob (libtorrent) up ${bobFinal.uploaded} down ${bobFinal.downloaded}`,
  );

  const expected = expectedCredit(proxy.records);
  const aliceExpected = expected.get(alice.passkey);
  const bobExpected = expected.get(bob.passkey);
  expect(aliceExpected?.uploaded).toBeGreaterThanOrEqual(BigInt(PAYLOAD_BYTES));
  expect(bobExpected?.downloaded).toBeGreaterThanOrEqual(BigInt(PAYLOAD_BYTES));

  const page = await waitFor(
    'the release page to show the snatch',
    async () => {
      const html = await alice.session.page(`/releases/${release.id}`);
      return statOnPage(html, 'Snatches') >= 1 ? html : undefined;
    },
    20_000,
  );
  expect(listsSnatchOf(page, bob.username)).toBe(true);

  await expectCredited(alice, aliceExpected);
  await expectCredited(bob, bobExpected);
}

/** After the consumer's flush, /api/v1/me shows exactly what the client's announces earned. */
async function expectCredited(member: Member, want: Credit | undefined): Promise<void> {
  const read = async (): Promise<Credit> => {
    const me = await member.api.me();
    return { uploaded: BigInt(me.uploaded), downloaded: BigInt(me.downloaded) };
  };
  let got = await read();
  try {
    got = await waitFor(
      `${member.username}'s profile to show the announced counters`,
      async () => {
        got = await read();
        return got.uploaded === want?.uploaded && got.downloaded === want.downloaded ? got : undefined;
      },
      20_000,
    );
  } finally {
    console.log(`real clients: ${member.username} credited ${fmt(got)}, announced ${fmt(want)}`);
  }
  expect(got).toEqual(want);
}

/**
 * aria2c seeds with A's .torrent; once the tracker has it, libtorrent downloads with B's and
 * stops. The payload must arrive byte-identical. Both stop gracefully, so each one's last
 * announce is `stopped` with its final counters.
 */
async function transfer(
  seed: { member: Member; torrent: string },
  leecherTorrent: string,
  payload: Buffer,
): Promise<void> {
  const seeder = aria2cSeeder(seed.torrent, path.join(dir, 'seed'), await freePort());
  seeder.start();
  await waitFor('aria2c to announce as a seeder', async () => proxy.accepted(seed.member.passkey)[0], 20_000);

  const leechDir = path.join(dir, 'leech');
  mkdirSync(leechDir);
  const leecher = libtorrentLeecher(leecherTorrent, leechDir, await freePort(), 60);
  leecher.start();
  const code = await leecher.waitForExit();
  if (code !== 0)
    throw new Error(`libtorrent did not complete (exit ${code}):\n${leecher.log()}\n${seeder.log()}`);
  expect(sha256(readFileSync(path.join(leechDir, 'payload.bin')))).toBe(sha256(payload));
  // aria2c sends its `stopped` announce on SIGINT (Ctrl-C), not on SIGTERM.
  await seeder.stop('SIGINT');
}

/** mktorrent over the payload, then POST /api/v1/releases (publish=true) as a CLI-made editor. */
async function publishRelease(payload: Buffer): Promise<{ id: number; infoHash: string }> {
  const seedDir = path.join(dir, 'seed');
  mkdirSync(seedDir);
  writeFileSync(path.join(seedDir, 'payload.bin'), payload);
  const made = path.join(dir, 'made.torrent');
  await run('mktorrent', [
    '-a',
    'http://placeholder.invalid/announce',
    '-l',
    '16',
    '-o',
    made,
    path.join(seedDir, 'payload.bin'),
  ]);
  const editor = await createEditor(stack, 'eddie_editor');
  const category = await createCategory(stack, 'End to end');
  const release = await editor.createRelease(
    {
      title: 'Random payload',
      category: String(category),
      description: 'Made by mktorrent.',
      publish: 'true',
    },
    readFileSync(made),
  );
  expect(release.status).toBe('published');
  expect(release.size).toBe(payload.length);
  return release;
}

/** The member's .torrent from the release page's download link: their passkey, the same info. */
async function downloadTorrentOf(member: Member, releaseId: number, infoHash: string): Promise<string> {
  const bytes = await member.session.bytes(`/releases/${releaseId}/download`);
  const torrent = readTorrent(bytes);
  expect(torrent.infoHash).toBe(infoHash);
  expect(torrent.announceUrls.length).toBeGreaterThan(0);
  for (const url of torrent.announceUrls) {
    expect(passkeyOf(url)).toBe(member.passkey);
    expect(new URL(url).pathname).toBe('/announce');
  }
  const file = path.join(dir, `${member.username}.torrent`);
  writeFileSync(file, bytes);
  return file;
}

/** The member's last accepted announce, once it is the `stopped` one. */
function stoppedAnnounceOf(member: Member): Promise<AnnounceRecord> {
  return waitFor(
    `${member.username}'s stopped announce`,
    async () => {
      const last = proxy.accepted(member.passkey).at(-1);
      return last?.event === 'stopped' ? last : undefined;
    },
    15_000,
  );
}

function announceLog(): string {
  const lines = proxy.records.map(
    (r) =>
      `${r.passkey.slice(0, 6)}… ${r.event} up ${r.uploaded} down ${r.downloaded} left ${r.left} ${r.failure ?? 'accepted'}`,
  );
  return `--- announces ---\n${lines.join('\n')}`;
}

function fmt(credit: Credit | undefined): string {
  return credit ? `up ${credit.uploaded} down ${credit.downloaded}` : 'nothing';
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
