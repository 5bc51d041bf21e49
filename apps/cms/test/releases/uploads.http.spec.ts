import { beforeAll, expect, it } from '@jest/globals';
import { createTorrent, parseTorrentFile, rewriteForSite } from '@tracker/core';
import { Release } from '../../src/releases/release.entity.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';
import { describeEachDatabase, type HttpClient, registerAndLogin, useTestApp } from '../support/index.js';
import { category, fixture, releaseIdOf, upload } from './upload-helpers.js';

/** Original v1 hashes from fixtures/torrents/README.md (what libtorrent reports). */
const FIXTURES: Array<[string, string, boolean]> = [
  ['single-v1.torrent', '7383e72724665a4c5d0f4ca8a15f7692c9b5991d', false],
  ['single-v1-private-libtorrent.torrent', '21cc6ba61c2a0cd2bff2c91cbb46fd9f5309dd2d', false],
  ['multi-v1-private-mktorrent.torrent', '82a441535509957aa3e56d6ad945c04672eb1044', false],
  ['multi-v1-libtorrent.torrent', '32bea02bb0fc93e92221b1dbbd42b682e26ea48a', false],
  ['multi-hybrid-v1v2.torrent', '2a81bfa5bc622af3a9bbdf43d6c046162bb6658f', true],
];

describeEachDatabase('torrent uploads', (database) => {
  const t = useTestApp({ database });
  let client: HttpClient;
  let catId: number;

  beforeAll(async () => {
    client = t.client();
    await registerAndLogin(client, { role: 'editor' });
    catId = (await category(t, 'Fixtures')).id;
  }, 60_000);

  const count = async () => ({
    releases: await t.dataSource.getRepository(Release).count(),
    torrents: await t.dataSource.getRepository(Torrent).count(),
  });

  it.each(FIXTURES)('accepts %s and stores the rewritten hashes', async (name, originalHash, hybrid) => {
    const bytes = fixture(name);
    expect(parseTorrentFile(bytes).infoHashHex).toBe(originalHash);
    const id = releaseIdOf(await upload(client, { title: name, category: catId, torrent: bytes }));
    const stored = await t.dataSource.getRepository(Torrent).findOneOrFail({
      where: { releaseId: id },
      select: { infoHash: true, infoHashV2: true, canonical: true, size: true },
    });
    const expected = rewriteForSite(bytes, { source: t.config.siteName });
    expect(stored.infoHash).toBe(expected.infoHashHex);
    expect(stored.infoHash).not.toBe(originalHash);
    expect(stored.infoHashV2).toBe(hybrid ? expected.infoHashV2Hex : null);
    expect(parseTorrentFile(Buffer.from(stored.canonical))).toMatchObject({
      infoHashHex: stored.infoHash,
      private: true,
      announce: [],
    });
    expect(stored.size).toBe(parseTorrentFile(bytes).totalSize);
    const page = await client.get(`/releases/${id}`);
    expect(page.text).toContain(stored.infoHash);
  });

  const deep = Buffer.concat([Buffer.from('l'.repeat(100_000)), Buffer.from('e'.repeat(100_000))]);
  const traversal = createTorrent({
    name: 'evil',
    content: [{ path: ['..', '..', 'etc', 'passwd'], data: Buffer.alloc(100) }],
  });
  const malformed: Array<[string, () => Buffer, RegExp]> = [
    ['not bencode', () => Buffer.from('this is not a torrent file'), /refused/],
    ['truncated', () => fixture('multi-v1-libtorrent.torrent').subarray(0, 300), /refused/],
    ['path traversal', () => traversal, /refused.*\.\./],
    ['v2-only', () => fixture('multi-v2-only.torrent'), /refused.*v2/i],
    ['100,000-deep nesting', () => deep, /refused/],
  ];

  // Bodies over the size limit are answered 413 before they are read: upload-limits.http.spec.ts.
  it.each(malformed)(
    'refuses a %s upload with a clear message and stores nothing',
    async (_label, make, message) => {
      const before = await count();
      const res = await upload(client, { title: 'Bad upload', category: catId, torrent: make() });
      expect(res.status).toBe(400);
      const notice = /<p class="notice error" role="alert">([^<]*)<\/p>/.exec(res.text)?.[1] ?? '';
      expect(notice).toMatch(message);
      expect(res.text).toContain('value="Bad upload"');
      expect(await count()).toEqual(before);
    },
  );

  it('refuses a form without a torrent file, and a poster that is not an image', async () => {
    const before = await count();
    const missing = await upload(client, { title: 'No file', category: catId });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Choose the .torrent file to upload.');
    const svg = await upload(client, {
      title: 'Bad poster',
      category: catId,
      torrent: createTorrent({ name: 'p.bin', content: Buffer.alloc(1000, 1) }),
      poster: Buffer.from('<svg onload="alert(1)"/>'),
    });
    expect(svg.status).toBe(400);
    expect(svg.text).toContain('The poster must be a PNG, JPEG, GIF or WebP image.');
    expect(await count()).toEqual(before);
  });

  it('stores and serves a valid poster', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    const id = releaseIdOf(
      await upload(client, {
        title: 'With poster',
        category: catId,
        torrent: createTorrent({ name: 'q.bin', content: Buffer.alloc(2000, 2) }),
        poster: png,
      }),
    );
    const res = await fetch(`${t.baseUrl}/releases/${id}/poster`, {
      headers: { cookie: `sid=${client.cookie('sid') ?? ''}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
  });

  it('renders hostile file names inert on the release page', async () => {
    const torrent = createTorrent({
      name: '<img src=x onerror=alert(1)>',
      content: [{ path: ['<svg onload=alert(2)>.txt'], data: Buffer.alloc(500, 3) }],
    });
    const id = releaseIdOf(await upload(client, { title: 'Hostile names', category: catId, torrent }));
    const page = await client.get(`/releases/${id}`);
    expect(page.text).not.toMatch(/<img src=x|<svg onload/);
    expect(page.text).toContain('&lt;svg onload&#x3D;alert(2)&gt;.txt');
  });

  it('refuses uploads from plain users', async () => {
    const member = t.client();
    await registerAndLogin(member);
    expect((await member.get('/releases/new')).status).toBe(403);
  });
});
