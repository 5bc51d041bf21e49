import { beforeAll, expect, it } from '@jest/globals';
import { decodeBencode, parseTorrentFile, type BencodeDict } from '@tracker/core';
import {
  describeEachDatabase,
  type HttpClient,
  registerAndLogin,
  type TestApp,
  useTestApp,
} from '../support/index.js';
import { category, fixture, releaseIdOf, upload } from './upload-helpers.js';

// The admin's "UDP tracker URL": off by default; when set, every download names the HTTP
// announce URL first and the UDP one (passkey in BEP 41 URL data) as a second tier.
describeEachDatabase('the UDP tracker tier of downloads', (database) => {
  const t = useTestApp({ database });
  let admin: HttpClient;
  let member: HttpClient;
  let passkey: string;
  let releaseId: number;

  beforeAll(async () => {
    admin = t.client();
    await registerAndLogin(admin, { role: 'admin' });
    member = t.client();
    passkey = (await registerAndLogin(member, { role: 'uploader' })).user.passkey;
    const catId = (await category(t, 'Music')).id;
    releaseId = releaseIdOf(
      await upload(member, {
        title: 'UDP tier',
        category: catId,
        torrent: fixture('multi-v1-private-mktorrent.torrent'),
      }),
    );
  }, 60_000);

  const settings = (udpTrackerUrl: string) =>
    admin.postForm('/admin/settings', {
      siteName: 'Tracker',
      announceBaseUrl: t.config.announceBaseUrl,
      registrationMode: 'open',
      udpTrackerUrl,
    });

  it('is off by default: one tracker, no announce-list', async () => {
    const bytes = await downloadBytes(t, member, `/releases/${releaseId}/download`);
    expect(parseTorrentFile(bytes).announce).toEqual([
      `${t.config.announceBaseUrl}/announce?passkey=${passkey}`,
    ]);
    expect((decodeBencode(bytes) as BencodeDict)['announce-list']).toBeUndefined();
  });

  it('when set, adds the UDP tracker as the second tier, HTTP first', async () => {
    const saved = await settings('udp://tracker.example.test:3002/announce');
    expect(saved.status).toBe(200);
    expect(saved.text).toContain(
      "udp://tracker.example.test:3002/announce?passkey=&lt;the user's passkey&gt;",
    );
    const bytes = await downloadBytes(t, member, `/releases/${releaseId}/download`);
    const http = `${t.config.announceBaseUrl}/announce?passkey=${passkey}`;
    const udp = `udp://tracker.example.test:3002/announce?passkey=${passkey}`;
    expect(parseTorrentFile(bytes).announce).toEqual([http, udp]);
    const tiers = (decodeBencode(bytes) as BencodeDict)['announce-list'] as Uint8Array[][];
    expect(tiers.map((tier) => tier.map((url) => Buffer.from(url).toString()))).toEqual([[http], [udp]]);
  });

  it('refuses a UDP URL without a port and keeps the saved one; empty turns it off again', async () => {
    const bad = await settings('udp://tracker.example.test');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('UDP tracker URL must be empty (off) or udp://host:port');
    const still = await downloadBytes(t, member, `/releases/${releaseId}/download`);
    expect(parseTorrentFile(still).announce).toHaveLength(2);
    expect((await settings('')).status).toBe(200);
    expect(
      parseTorrentFile(await downloadBytes(t, member, `/releases/${releaseId}/download`)).announce,
    ).toHaveLength(1);
  });
});

async function downloadBytes(t: TestApp, client: HttpClient, path: string): Promise<Buffer> {
  const res = await fetch(t.baseUrl + path, { headers: { cookie: `sid=${client.cookie('sid') ?? ''}` } });
  return Buffer.from(await res.arrayBuffer());
}
