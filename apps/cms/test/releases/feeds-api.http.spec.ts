import { beforeAll, expect, it } from '@jest/globals';
import { createTorrent, parseTorrentFile } from '@tracker/core';
import { Release } from '../../src/releases/release.entity.js';
import type { User } from '../../src/users/user.entity.js';
import {
  createApiToken,
  createUser,
  describeEachDatabase,
  type HttpClient,
  registerAndLogin,
  useTestApp,
} from '../support/index.js';
import { category, fixture, releaseIdOf, upload } from './upload-helpers.js';

let seq = 0;
const freshTorrent = () =>
  createTorrent({ name: `feed${(seq += 1)}.bin`, content: Buffer.alloc(3000 + seq, seq) });

function apiForm(fields: Record<string, string>, torrent?: Buffer): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (torrent) form.set('torrent', new Blob([torrent]), 'x.torrent');
  return form;
}

describeEachDatabase('RSS feeds and the releases API', (database) => {
  const t = useTestApp({ database });
  let web: HttpClient;
  let uploader: User;
  let token: string;
  let memberToken: string;
  let musicId: number;
  let publishedId: number;

  /** A multipart upload to the releases API, as an uploader's script sends it. */
  const apiUpload = (apiToken: string, fields: Record<string, string>, torrent?: Buffer) =>
    t.client().api('POST', '/api/v1/releases', apiToken, apiForm(fields, torrent));

  beforeAll(async () => {
    web = t.client();
    uploader = (await registerAndLogin(web, { role: 'uploader' })).user;
    token = await createApiToken(t, uploader);
    memberToken = await createApiToken(t, (await createUser(t)).user);
    musicId = (await category(t, 'Music')).id;
    await category(t, 'Books');
    publishedId = releaseIdOf(
      await upload(web, { title: 'Feed & <Music>', category: musicId, torrent: freshTorrent() }),
    );
    await upload(web, {
      title: 'Draft in feed?',
      category: musicId,
      publish: false,
      torrent: freshTorrent(),
    });
  }, 60_000);

  it('serves the RSS feed for a valid RSS key, with escaped items and torrent enclosures', async () => {
    const res = await t.client().get(`/rss?key=${uploader.rssKey}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/rss+xml');
    expect(res.text).toContain('<title>Feed &amp; &lt;Music&gt;</title>');
    expect(res.text).not.toContain('Draft in feed?');
    expect(res.text).toContain(`/rss/download/${publishedId}?key=${uploader.rssKey}`);
    expect(res.text).not.toContain(uploader.passkey);
  });

  it('filters the feed by category and refuses unknown keys and categories', async () => {
    expect((await t.client().get(`/rss?key=${uploader.rssKey}&category=books`)).text).not.toContain('<item>');
    expect((await t.client().get(`/rss?key=${uploader.rssKey}&category=nope`)).status).toBe(404);
    expect((await t.client().get('/rss?key=' + '0'.repeat(32))).status).toBe(403);
    expect((await t.client().get(`/rss?key=${uploader.passkey}`)).status).toBe(403);
  });

  it('lets an RSS downloader fetch the .torrent with the key owner’s passkey', async () => {
    const res = await fetch(`${t.baseUrl}/rss/download/${publishedId}?key=${uploader.rssKey}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const parsed = parseTorrentFile(Buffer.from(await res.arrayBuffer()));
    expect(parsed.announce).toEqual([`${t.config.announceBaseUrl}/announce?passkey=${uploader.passkey}`]);
    expect((await fetch(`${t.baseUrl}/rss/download/${publishedId}?key=bad`)).status).toBe(403);
  });

  it('answers 401 JSON without a token', async () => {
    const res = await t.client().get('/api/v1/releases');
    expect(res.status).toBe(401);
    expect(res.json<{ message: string }>().message).toMatch(/token/i);
  });

  it('lists and searches releases as browse does', async () => {
    const res = await t.client().api('GET', '/api/v1/releases?q=feed&sort=seeders&order=asc', memberToken);
    expect(res.status).toBe(200);
    const body = res.json<{ items: Array<{ id: number; title: string }>; total: number }>();
    expect(body.items.map((i) => i.title)).toEqual(['Feed & <Music>']);
    const injected = await t
      .client()
      .api('GET', `/api/v1/releases?sort=${encodeURIComponent('1;DROP TABLE release')}`, memberToken);
    expect(injected.status).toBe(200);
  });

  it('shows one release with its files and hides drafts from others', async () => {
    const res = await t.client().api('GET', `/api/v1/releases/${publishedId}`, memberToken);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      id: publishedId,
      infoHash: expect.stringMatching(/^[0-9a-f]{40}$/),
      files: [{ path: expect.any(String) }],
    });
    const draft = await t.dataSource.getRepository(Release).findOneByOrFail({ title: 'Draft in feed?' });
    const hidden = await t.client().api('GET', `/api/v1/releases/${draft.id}`, memberToken);
    expect(hidden.status).toBe(404);
    expect(hidden.json()).toEqual({ message: 'No such release.' });
  });

  it('creates a release from a multipart POST and returns its info hash', async () => {
    const res = await apiUpload(
      token,
      { title: 'From API', category: String(musicId), description: 'x', publish: 'true' },
      fixture('single-v1.torrent'),
    );
    expect(res.status).toBe(201);
    const body = res.json<{ id: number; infoHash: string; status: string }>();
    expect(body).toMatchObject({ status: 'published', infoHash: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const dup = await apiUpload(
      token,
      { title: 'Again', category: String(musicId) },
      fixture('single-v1.torrent'),
    );
    expect(dup.status).toBe(409);
    expect(dup.json()).toMatchObject({ releaseId: body.id, url: `/api/v1/releases/${body.id}` });
  });

  it('refuses bad API uploads with JSON messages and the right status', async () => {
    const before = await t.dataSource.getRepository(Release).count();
    const member = await apiUpload(memberToken, { title: 'x', category: String(musicId) }, freshTorrent());
    expect(member.status).toBe(403);
    const v2 = await apiUpload(
      token,
      { title: 'v2', category: String(musicId) },
      fixture('multi-v2-only.torrent'),
    );
    expect(v2.status).toBe(400);
    expect(v2.json<{ message: string }>().message).toMatch(/v2/i);
    const noTitle = await apiUpload(token, { category: String(musicId) }, freshTorrent());
    expect(noTitle.json()).toEqual({ message: 'Give the release a title.' });
    expect(await t.dataSource.getRepository(Release).count()).toBe(before);
  });

  it('returns the .torrent with the token owner’s passkey', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/releases/${publishedId}/torrent`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const parsed = parseTorrentFile(Buffer.from(await res.arrayBuffer()));
    expect(parsed.announce[0]).toBe(`${t.config.announceBaseUrl}/announce?passkey=${uploader.passkey}`);
  });
});
