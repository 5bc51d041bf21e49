import { beforeAll, expect, it } from '@jest/globals';
import { parseTorrentFile } from '@tracker/core';
import { SEARCH_COUNT_CAP } from '../../src/releases/release-search.service.js';
import { Release } from '../../src/releases/release.entity.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';
import {
  describeEachDatabase,
  type HttpClient,
  registerAndLogin,
  type TestApp,
  useTestApp,
} from '../support/index.js';
import { insertManyReleases } from './release-fixtures.js';
import { category, fixture, releaseIdOf, upload } from './upload-helpers.js';

const XSS = '<script>alert(1)</script>';

describeEachDatabase('releases over HTTP', (database) => {
  const t = useTestApp({ database });
  let uploader: HttpClient;
  /** A member who only reads: the catalogue is for members (issue 13). */
  let reader: HttpClient;
  let uploaderPasskey: string;
  let catId: number;

  beforeAll(async () => {
    uploader = t.client();
    uploaderPasskey = (await registerAndLogin(uploader, { role: 'uploader' })).user.passkey;
    catId = (await category(t, 'Music')).id;
    reader = t.client();
    await registerAndLogin(reader);
  }, 60_000);

  const count = async () => ({
    releases: await t.dataSource.getRepository(Release).count(),
    torrents: await t.dataSource.getRepository(Torrent).count(),
  });

  it('publishes an uploaded release and shows it on the front page and its page', async () => {
    const res = await upload(uploader, {
      title: 'Single v1',
      category: catId,
      torrent: fixture('single-v1.torrent'),
      description: '**bold** text',
    });
    const id = releaseIdOf(res);
    const page = await reader.get(`/releases/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Single v1');
    expect(page.text).toContain('<strong>bold</strong>');
    expect(page.text).toMatch(/<code class="mono">[0-9a-f]{40}<\/code>/);
    const home = await reader.get('/');
    expect(home.text).toContain(`href="/releases/${id}"`);
  });

  it('refuses an upload without the CSRF token and stores nothing', async () => {
    const before = await count();
    const form = new FormData();
    form.set('title', 'x');
    form.set('category', String(catId));
    form.set('torrent', new Blob([fixture('multi-v1-libtorrent.torrent')]), 'a.torrent');
    const res = await uploader.postMultipart('/releases', form, { csrf: false });
    expect(res.status).toBe(403);
    expect(await count()).toEqual(before);
  });

  it('sends visitors who ask for a download to the login page', async () => {
    const res = await t.client().get('/releases/1/download');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/login?next=${encodeURIComponent('/releases/1/download')}`);
  });

  it('downloads the .torrent with the user’s passkey and the stored info hash', async () => {
    const id = releaseIdOf(
      await upload(uploader, {
        title: 'Multi',
        category: catId,
        torrent: fixture('multi-v1-private-mktorrent.torrent'),
      }),
    );
    const stored = await t.dataSource.getRepository(Torrent).findOneByOrFail({ releaseId: id });
    const res = await uploader.get(`/releases/${id}/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toContain('application/x-bittorrent');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="[^"]+\.torrent"; filename\*=UTF-8''/,
    );
    const bytes = await downloadBytes(t, uploader, `/releases/${id}/download`);
    const parsed = parseTorrentFile(bytes);
    expect(parsed.infoHashHex).toBe(stored.infoHash);
    expect(parsed.announce).toEqual([`${t.config.announceBaseUrl}/announce?passkey=${uploaderPasskey}`]);
    expect(parsed.private).toBe(true);
  });

  it('refuses a duplicate with a link to the existing release', async () => {
    const first = releaseIdOf(
      await upload(uploader, {
        title: 'Hybrid',
        category: catId,
        torrent: fixture('multi-hybrid-v1v2.torrent'),
      }),
    );
    const before = await count();
    const res = await upload(uploader, {
      title: 'Hybrid again',
      category: catId,
      torrent: fixture('multi-hybrid-v1v2.torrent'),
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('This torrent is already on the site');
    expect(res.text).toContain(`href="/releases/${first}"`);
    expect(await count()).toEqual(before);
  });

  it('keeps a draft invisible to others and out of the lists', async () => {
    const id = releaseIdOf(
      await upload(uploader, {
        title: 'Draft only',
        category: catId,
        publish: false,
        torrent: fixture('single-v1-private-libtorrent.torrent'),
      }),
    );
    expect((await uploader.get(`/releases/${id}`)).text).toContain('This release is a draft');
    const stranger = t.client();
    await registerAndLogin(stranger);
    expect((await stranger.get(`/releases/${id}`)).status).toBe(404);
    expect((await reader.get(`/releases/${id}`)).status).toBe(404);
    expect((await stranger.get(`/releases/${id}/download`)).status).toBe(404);
    expect((await reader.get('/browse?q=Draft')).text).not.toContain('Draft only');
  });

  it('renders XSS in the title and description inert', async () => {
    const id = releaseIdOf(
      await upload(uploader, {
        title: `Evil ${XSS}`,
        category: catId,
        description: `${XSS}<img src=x onerror=alert(2)>[x](javascript:alert(3))`,
        torrent: fixture('multi-v1-libtorrent.torrent'),
      }),
    );
    for (const path of [`/releases/${id}`, '/', '/browse?q=Evil']) {
      const page = await reader.get(path);
      expect(page.text).not.toContain(XSS);
      expect(page.text).not.toMatch(/onerror=|href="javascript:/);
      expect(page.text).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('keeps search and sort injection attempts harmless', async () => {
    const before = await count();
    for (const path of [
      `/browse?q=${encodeURIComponent("' OR 1=1; DROP TABLE release; --")}`,
      `/browse?sort=${encodeURIComponent('id; DROP TABLE release')}&order=${encodeURIComponent('desc;--')}`,
      `/browse?category=${encodeURIComponent("x' OR '1'='1")}`,
      `/browse?q=%25&page=-5&perPage=99999`,
    ]) {
      const res = await reader.get(path);
      expect(res.status).toBe(200);
    }
    expect(await count()).toEqual(before);
  });

  it('shows a search with more matches than it counts as "1000+" with more pages', async () => {
    const bulk = await category(t, 'Bulk');
    await insertManyReleases(t.dataSource, bulk, SEARCH_COUNT_CAP + 1, (i) => `Quokka ${i}`);
    const res = await reader.get('/browse?q=quokka');
    expect(res.text).toContain(`${SEARCH_COUNT_CAP}+ release(s).`);
    expect(res.text).toContain('Page 1 of 41+');
  }, 60_000);
});

/** The harness client reads bodies as text; binary downloads are fetched with its session cookie. */
async function downloadBytes(t: TestApp, client: HttpClient, path: string): Promise<Buffer> {
  const res = await fetch(t.baseUrl + path, { headers: { cookie: `sid=${client.cookie('sid') ?? ''}` } });
  return Buffer.from(await res.arrayBuffer());
}
