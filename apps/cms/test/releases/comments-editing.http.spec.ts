import { beforeAll, expect, it } from '@jest/globals';
import { createTorrent } from '@tracker/core';
import { Comment } from '../../src/comments/comment.entity.js';
import { Release } from '../../src/releases/release.entity.js';
import { describeEachDatabase, type HttpClient, registerAndLogin, useTestApp } from '../support/index.js';
import { category, releaseForm, releaseIdOf, upload } from './upload-helpers.js';

const XSS = '<script>alert(1)</script>';
let seq = 0;
const freshTorrent = () =>
  createTorrent({ name: `t${(seq += 1)}.bin`, content: Buffer.alloc(1000 + seq, seq) });

describeEachDatabase('comments, editing and admin categories', (database) => {
  const t = useTestApp({ database });
  let author: HttpClient;
  let other: HttpClient;
  let editor: HttpClient;
  /** A member who only reads: the catalogue is for members (issue 13). */
  let reader: HttpClient;
  let catId: number;
  let releaseId: number;
  let authorPasskey: string;

  beforeAll(async () => {
    [author, other, editor] = [t.client(), t.client(), t.client()];
    authorPasskey = (await registerAndLogin(author, { role: 'uploader' })).user.passkey;
    await registerAndLogin(other, { role: 'uploader' });
    await registerAndLogin(editor, { role: 'editor' });
    reader = t.client();
    await registerAndLogin(reader);
    catId = (await category(t, 'Video')).id;
    releaseId = releaseIdOf(
      await upload(author, { title: 'Commented', category: catId, torrent: freshTorrent() }),
    );
  }, 60_000);

  const commentIds = async () =>
    (await t.dataSource.getRepository(Comment).find({ where: { releaseId } })).map((c) => c.id);

  it('lets a member comment; the comment is shown escaped', async () => {
    const res = await other.postForm(
      `/releases/${releaseId}/comments`,
      { body: `Nice ${XSS}` },
      { csrfFrom: `/releases/${releaseId}` },
    );
    expect(res.status).toBe(303);
    const page = await reader.get(`/releases/${releaseId}`);
    expect(page.text).toContain('Nice &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain(XSS);
  });

  it('refuses a comment without the CSRF token', async () => {
    const before = await commentIds();
    const res = await other.postForm(
      `/releases/${releaseId}/comments`,
      { body: 'no token' },
      { csrf: false },
    );
    expect(res.status).toBe(403);
    expect(await commentIds()).toEqual(before);
  });

  it('refuses an empty comment with a message', async () => {
    const res = await other.postForm(
      `/releases/${releaseId}/comments`,
      { body: '   ' },
      { csrfFrom: `/releases/${releaseId}` },
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Write something first.');
  });

  it('lets the author edit and delete their own comment, not someone else’s', async () => {
    const [id] = await commentIds();
    expect((await author.get(`/comments/${id}/edit`)).status).toBe(403);
    const edited = await other.postForm(`/comments/${id}/edit`, { body: 'Edited text' });
    expect(edited.status).toBe(303);
    expect((await reader.get(`/releases/${releaseId}`)).text).toContain('Edited text');
    const refused = await author.postForm(
      `/comments/${id}/delete`,
      {},
      { csrfFrom: `/releases/${releaseId}` },
    );
    expect(refused.status).toBe(403);
    expect(await commentIds()).toContain(id);
  });

  it('lets an editor moderate any comment', async () => {
    const [id] = await commentIds();
    const res = await editor.postForm(`/comments/${id}/delete`, {}, { csrfFrom: `/releases/${releaseId}` });
    expect(res.status).toBe(303);
    expect(await commentIds()).not.toContain(id);
  });

  it('asks visitors to log in before commenting', async () => {
    const res = await t
      .client()
      .postForm(`/releases/${releaseId}/comments`, { body: 'hi' }, { csrfFrom: '/login' });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/login\?next=/);
  });

  it('lets the author edit the release, and refuses another uploader', async () => {
    const form = releaseForm({ title: 'Commented (edited)', category: catId, description: 'new text' });
    const denied = await other.postMultipart(`/releases/${releaseId}/edit`, form, {
      csrfFrom: `/releases/${releaseId}`,
    });
    expect(denied.status).toBe(403);
    const ok = await author.postMultipart(
      `/releases/${releaseId}/edit`,
      releaseForm({ title: 'Commented (edited)', category: catId, description: 'new text' }),
      {
        csrfFrom: `/releases/${releaseId}/edit`,
      },
    );
    expect(ok.status).toBe(303);
    expect((await reader.get(`/releases/${releaseId}`)).text).toContain('Commented (edited)');
  });

  it('unpublishes (hidden from others) and publishes again', async () => {
    await author.postForm(`/releases/${releaseId}/unpublish`, {}, { csrfFrom: `/releases/${releaseId}` });
    expect((await reader.get(`/releases/${releaseId}`)).status).toBe(404);
    await editor.postForm(`/releases/${releaseId}/publish`, {}, { csrfFrom: `/releases/${releaseId}` });
    expect((await reader.get(`/releases/${releaseId}`)).status).toBe(200);
  });

  it('never puts the viewer’s passkey in the release page', async () => {
    const page = await author.get(`/releases/${releaseId}`);
    // No magnet link either: a private torrent's trackerless magnet finds no peer (ADR 0018).
    expect(page.text).not.toContain('magnet:');
    expect(page.text).not.toContain(authorPasskey);
  });

  it('manages categories: create, rename, refuse deleting a used one, delete an empty one', async () => {
    expect((await other.get('/admin/categories')).status).toBe(403);
    // Each change answers 303 to the list, which shows what was done once (issue 13).
    const next = async (res: { status: number; location: string | null }) => {
      expect(res.status).toBe(303);
      return (await editor.get(res.location ?? '')).text;
    };
    const created = await next(await editor.postForm('/admin/categories', { name: 'Podcasts' }));
    expect(created).toContain('Category “Podcasts” created.');
    const dup = await editor.postForm(
      '/admin/categories',
      { name: 'podcasts' },
      { csrfFrom: '/admin/categories' },
    );
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('A category named &quot;Podcasts&quot; already exists.');
    const noCsrf = await editor.postForm('/admin/categories', { name: 'Sneaky' }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    const used = await editor.postForm(
      `/admin/categories/${catId}/delete`,
      {},
      { csrfFrom: '/admin/categories' },
    );
    expect(await next(used)).toContain('still holds 1 release');
    const podcasts = await category(t, 'Podcasts');
    const renamed = await editor.postForm(
      `/admin/categories/${podcasts.id}/rename`,
      { name: `Talk ${XSS}` },
      { csrfFrom: '/admin/categories' },
    );
    expect(await next(renamed)).not.toContain(XSS);
    const deleted = await editor.postForm(
      `/admin/categories/${podcasts.id}/delete`,
      {},
      { csrfFrom: '/admin/categories' },
    );
    expect(await next(deleted)).toContain('” deleted.');
    expect((await reader.get('/categories/video')).text).toContain('Commented (edited)');
  });

  it('deletes a release with its torrent and comments', async () => {
    await other.postForm(
      `/releases/${releaseId}/comments`,
      { body: 'bye' },
      { csrfFrom: `/releases/${releaseId}` },
    );
    const res = await author.postForm(
      `/releases/${releaseId}/delete`,
      {},
      { csrfFrom: `/releases/${releaseId}` },
    );
    expect(res.status).toBe(303);
    expect(await t.dataSource.getRepository(Release).findOneBy({ id: releaseId })).toBeNull();
    expect(await commentIds()).toEqual([]);
  });
});
