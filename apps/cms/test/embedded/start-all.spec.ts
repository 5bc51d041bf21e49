import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type BencodeDict, decodeBencode, encodeBencode } from '@tracker/core';
import { SESSION_COOKIE } from '../../src/auth/session-cookie.js';
import { formatBytes } from '../../src/http/view-helpers.js';
import { eventually } from '../registry/support/bridge-redis.js';
import { HttpClient, login, type TestApp } from '../support/index.js';
import { startProduct, type StartedProduct } from './start-all-process.js';

const MIB = 1024 * 1024;

/** Every byte percent-encoded, as clients send binary info_hash and peer_id. */
function percentBytes(bytes: Uint8Array): string {
  return [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

function text(value: unknown): string {
  return value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : String(value);
}

/** `npm start` without REDIS_URL: the site and the announcer in ONE process, sharing stores. */
describe('npm start without REDIS_URL (tools/start-all.js, one process)', () => {
  let product: StartedProduct;
  let admin: HttpClient;
  let releaseId: number;
  let announceUrl: string;
  let infoHash: Buffer;
  let size: number;
  const peerId = Buffer.concat([Buffer.from('-TS0001-'), randomBytes(12)]);

  /** One announce from "our client", as a raw HTTP GET; the bencoded answer decoded. */
  async function announce(
    event: string,
    uploaded: number,
    downloaded: number,
    left: number,
    peer: Buffer = peerId,
  ): Promise<BencodeDict> {
    const query =
      `&info_hash=${percentBytes(infoHash)}&peer_id=${percentBytes(peer)}&port=51413` +
      `&uploaded=${uploaded}&downloaded=${downloaded}&left=${left}&compact=1&numwant=5` +
      (event ? `&event=${event}` : '');
    const res = await fetch(announceUrl + query);
    expect(res.status).toBe(200);
    return decodeBencode(new Uint8Array(await res.arrayBuffer())) as BencodeDict;
  }

  async function releasePage(): Promise<string> {
    return (await admin.request('GET', `/releases/${releaseId}`)).text;
  }

  function stat(html: string, id: string): string | undefined {
    return new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1];
  }

  beforeAll(async () => {
    product = await startProduct();
    // HttpClient only needs the base URL of the site under test.
    admin = new HttpClient({ baseUrl: product.cmsUrl } as TestApp);
    await login(admin, product.admin.username, product.admin.password);
  }, 90_000);

  afterAll(async () => {
    await product?.stop();
  });

  it('prints one short block with the addresses and the demo login, not the mapped routes', async () => {
    const out = product.stdout();
    expect(out).toContain(`  site:       ${product.cmsUrl}\n`);
    expect(out).toContain(`  announcer:  ${product.announcerUrl}/announce (in this process)\n`);
    expect(out).toContain('This password is shown only once');
    expect(out).not.toMatch(/RoutesResolver|RouterExplorer|InstanceLoader|Mapped \{/);
    expect(out).not.toContain('registry reconciled');
    expect(out.split('\n').length).toBeLessThan(30);
  });

  it('logs in with the printed demo credentials', async () => {
    const account = await admin.request('GET', '/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain(`<h1>${product.admin.username}</h1>`);
  });

  it("downloads a .torrent whose announce URL has the announcer's real port (ANNOUNCER_PORT, no ANNOUNCE_BASE_URL)", async () => {
    const home = await admin.request('GET', '/');
    releaseId = Number(/href="\/releases\/(\d+)"/.exec(home.text)?.[1]);
    expect(releaseId).toBeGreaterThan(0);
    const shownHash = /Info hash: <code class="mono">([0-9a-f]{40})<\/code>/.exec(await releasePage())?.[1];
    const res = await fetch(`${product.cmsUrl}/releases/${releaseId}/download`, {
      headers: { cookie: `${SESSION_COOKIE}=${admin.cookie(SESSION_COOKIE) ?? ''}` },
    });
    expect(res.status).toBe(200);
    const torrent = decodeBencode(new Uint8Array(await res.arrayBuffer())) as BencodeDict;
    announceUrl = text(torrent['announce']);
    expect(announceUrl).toMatch(new RegExp(`^${product.announcerUrl}/announce\\?passkey=[0-9a-f]{32}$`));
    const info = torrent['info'] as BencodeDict;
    infoHash = createHash('sha1').update(encodeBencode(info)).digest();
    expect(infoHash.toString('hex')).toBe(shownHash);
    const files = info['files'] as BencodeDict[] | undefined;
    size = files ? files.reduce((sum, f) => sum + Number(f['length']), 0) : Number(info['length']);
    expect(size).toBeGreaterThan(0);
  });

  it('accepts the private announce (the registry is shared) and shows the leecher live', async () => {
    const answer = await announce('started', 0, 0, size);
    expect(answer['failure reason']).toBeUndefined();
    expect(answer).toMatchObject({ complete: 0, incomplete: 1 });
    expect(Number(answer['interval'])).toBeGreaterThan(0);
    const page = await releasePage();
    expect(stat(page, 'leechers')).toBe('1');
    expect(stat(page, 'seeders')).toBe('0');
  });

  it('shows the effective announce URL in the admin settings, with no warning: the announcer answers', async () => {
    const page = (await admin.request('GET', '/admin/settings')).text;
    expect(page).toContain(`<code id="effective-announce">${product.announcerUrl}/announce?passkey=`);
    expect(page).toContain('id="announcer-health-ok"');
    expect(page).not.toContain('id="announcer-health-warning"');
  });

  it('refuses a passkey the site never issued', async () => {
    const res = await fetch(
      `${product.announcerUrl}/announce?passkey=${'0'.repeat(32)}&info_hash=${percentBytes(infoHash)}` +
        `&peer_id=${percentBytes(peerId)}&port=51413&uploaded=0&downloaded=0&left=0`,
    );
    const answer = decodeBencode(new Uint8Array(await res.arrayBuffer())) as BencodeDict;
    expect(text(answer['failure reason'])).toBe('unknown passkey');
  });

  it('turns a completion into a seeder, a snatch and a seeding row on the profile', async () => {
    const answer = await announce('completed', 0, size, 0);
    expect(answer).toMatchObject({ complete: 1, incomplete: 0 });
    const page = await releasePage();
    expect(stat(page, 'seeders')).toBe('1');
    expect(stat(page, 'leechers')).toBe('0');
    await eventually(async () => {
      const again = await releasePage();
      const snatch = again.split('<tr class="snatch">')[1]?.split('</tr>')[0] ?? '';
      expect(snatch).toContain(`<td>${product.admin.username}</td>`);
      const profile = (await admin.request('GET', '/account')).text;
      const seeding = (profile.split('id="my-torrents"')[1] ?? '').split('<h2>Leeching</h2>')[0] ?? '';
      expect(seeding).toContain(`href="/releases/${releaseId}"`);
    }, 10_000);
  });

  it("credits the stopped announce's bytes to the admin's profile after the consumer's flush", async () => {
    // An upload is credited only when another peer could have received it: a leecher.
    const downloader = Buffer.concat([Buffer.from('-TS0001-'), randomBytes(12)]);
    expect((await announce('started', 0, 0, size, downloader))['failure reason']).toBeUndefined();
    const answer = await announce('stopped', 7 * MIB, size, 0);
    expect(answer['failure reason']).toBeUndefined();
    expect(stat(await releasePage(), 'seeders')).toBe('0');
    await eventually(async () => {
      const profile = (await admin.request('GET', '/account')).text;
      expect(profile).toContain(`<dt>Uploaded</dt><dd>${formatBytes(7 * MIB)}</dd>`);
      expect(profile).toContain(`<dt>Downloaded</dt><dd>${formatBytes(size)}</dd>`);
      expect(profile).toContain('You are not seeding anything right now.');
    }, 10_000);
  }, 15_000);

  it('stops cleanly on SIGTERM', async () => {
    expect(await product.stop()).toBe(0);
  });
});
