import { beforeAll, expect, it } from '@jest/globals';
import { createTorrent } from '@tracker/core';
import { Category } from '../../src/categories/category.entity.js';
import { Release } from '../../src/releases/release.entity.js';
import { User } from '../../src/users/user.entity.js';
import {
  describeEachDatabase,
  type HttpClient,
  type HttpResponse,
  registerAndLogin,
  useTestApp,
} from '../support/index.js';
import { insertRelease } from './release-fixtures.js';
import { category, releaseForm, releaseIdOf, upload } from './upload-helpers.js';

let seq = 0;
const freshTorrent = () =>
  createTorrent({ name: `answers-${(seq += 1)}.bin`, content: Buffer.alloc(2000 + seq, seq) });

const ENTITIES: Record<string, string> = {
  '&quot;': '"',
  '&#x27;': "'",
  '&#x3D;': '=',
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
};

/** Text as a person reads it: Handlebars escapes quotes and brackets. */
function unescape(html: string): string {
  return html.replace(/&(quot|#x27|#x3D|lt|gt|amp);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** The one-time message the layout shows after an action (flash.hbs). */
function flashOf(html: string): { kind: string; text: string } | null {
  const match = /<p class="notice flash (ok|error)"[^>]*>([^<]*)<\/p>/.exec(html);
  return match ? { kind: match[1] ?? '', text: unescape(match[2] ?? '') } : null;
}

/** The error shown beside one field of a form (forms/field-error.hbs after the named input). */
function fieldError(html: string, name: string): string | null {
  const match = new RegExp(`name="${name}"[^]*?(?:<span class="field-error">([^<]*)</span>|</label>)`).exec(
    html,
  );
  return match?.[1] === undefined ? null : unescape(match[1]);
}

/** Follows a 303 and returns the page it leads to. */
async function follow(client: HttpClient, res: HttpResponse): Promise<HttpResponse> {
  expect(res.status).toBe(303);
  return client.get(res.location ?? '/');
}

describeEachDatabase('pages that answer', (database) => {
  const t = useTestApp({ database });
  let uploader: HttpClient;
  let editor: HttpClient;
  let admin: HttpClient;
  let adminId: number;
  let catId: number;

  beforeAll(async () => {
    [uploader, editor, admin] = [t.client(), t.client(), t.client()];
    await registerAndLogin(uploader, { role: 'uploader' });
    await registerAndLogin(editor, { role: 'editor' });
    adminId = (await registerAndLogin(admin, { role: 'admin' })).user.id;
    catId = (await category(t, 'Answers')).id;
  }, 60_000);

  it('answers a published upload with its message on the next page, shown once', async () => {
    const res = await upload(uploader, { title: 'Flash one', category: catId, torrent: freshTorrent() });
    const id = releaseIdOf(res);
    const page = await follow(uploader, res);
    expect(flashOf(page.text)).toEqual({ kind: 'ok', text: '“Flash one” is published.' });
    expect(flashOf((await uploader.get(`/releases/${id}`)).text)).toBeNull();
  });

  it('keeps what was typed when an upload is refused, with every error beside its field', async () => {
    const form = releaseForm({ title: '   ', category: 999_999, description: 'Typed *description*' });
    const res = await uploader.postMultipart('/releases', form, { csrfFrom: '/releases/new' });
    expect(res.status).toBe(400);
    expect(fieldError(res.text, 'title')).toBe('Give the release a title.');
    expect(fieldError(res.text, 'category')).toBe('Choose a category.');
    expect(fieldError(res.text, 'torrent')).toBe('Choose the .torrent file to upload.');
    expect(res.text).toContain('>Typed *description*</textarea>');
  });

  it('keeps the title, category and description when the .torrent itself is refused', async () => {
    const form = releaseForm({
      title: 'Kept title',
      category: catId,
      description: 'Kept description',
      torrent: Buffer.from('not a torrent'),
    });
    const res = await uploader.postMultipart('/releases', form, { csrfFrom: '/releases/new' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('name="title" value="Kept title"');
    expect(res.text).toContain(`<option value="${catId}" selected>`);
    expect(res.text).toContain('>Kept description</textarea>');
    expect(fieldError(res.text, 'torrent')).toMatch(/^This \.torrent was refused/);
    expect(fieldError(res.text, 'title')).toBeNull();
  });

  it('never puts the CSRF token in a URL: the form posts it as a hidden field, and a query token does not count', async () => {
    const formPage = await uploader.get('/releases/new');
    expect(formPage.text).toContain('action="/releases" method="post" enctype="multipart/form-data"');
    expect(formPage.text).not.toMatch(/action="[^"]*_csrf/);
    const token = await uploader.csrf('/releases/new');
    const before = await t.dataSource.getRepository(Release).count();
    const inQuery = await uploader.postMultipart(
      `/releases?_csrf=${encodeURIComponent(token)}`,
      releaseForm({ title: 'Query token', category: catId, torrent: freshTorrent() }),
      { csrf: false },
    );
    expect(inQuery.status).toBe(403);
    const none = await uploader.postMultipart(
      '/releases',
      releaseForm({ title: 'No token', category: catId, torrent: freshTorrent() }),
      { csrf: false },
    );
    expect(none.status).toBe(403);
    expect(await t.dataSource.getRepository(Release).count()).toBe(before);
  });

  it('asks before deleting a release, then says it was deleted', async () => {
    const id = releaseIdOf(
      await upload(uploader, { title: 'To delete', category: catId, torrent: freshTorrent() }),
    );
    const page = await uploader.get(`/releases/${id}`);
    expect(page.text).toMatch(
      new RegExp(
        `<details class="confirm">\\s*<summary class="button danger">Delete</summary>\\s*<form action="/releases/${id}/delete"`,
      ),
    );
    const done = await follow(
      uploader,
      await uploader.postForm(`/releases/${id}/delete`, {}, { csrfFrom: `/releases/${id}` }),
    );
    expect(flashOf(done.text)).toEqual({
      kind: 'ok',
      text: '“To delete” was deleted, with its torrent and comments.',
    });
    expect(await t.dataSource.getRepository(Release).countBy({ id })).toBe(0);
  });

  it('says when a release is unpublished, published again and saved', async () => {
    const id = releaseIdOf(
      await upload(uploader, { title: 'Toggle', category: catId, torrent: freshTorrent() }),
    );
    const from = { csrfFrom: `/releases/${id}` };
    const draft = await follow(uploader, await uploader.postForm(`/releases/${id}/unpublish`, {}, from));
    expect(flashOf(draft.text)?.text).toBe('“Toggle” is a draft again: members no longer see it.');
    const published = await follow(uploader, await uploader.postForm(`/releases/${id}/publish`, {}, from));
    expect(flashOf(published.text)?.text).toBe('“Toggle” is published.');
    const edit = releaseForm({ title: 'Toggle 2', category: catId });
    const saved = await follow(
      uploader,
      await uploader.postMultipart(`/releases/${id}/edit`, edit, { csrfFrom: `/releases/${id}/edit` }),
    );
    expect(flashOf(saved.text)?.text).toBe('Your changes to “Toggle 2” are saved.');
  });

  it('answers a refused action on a release with the error page and its message', async () => {
    const id = releaseIdOf(
      await upload(uploader, { title: 'Not yours', category: catId, torrent: freshTorrent() }),
    );
    const stranger = t.client();
    await registerAndLogin(stranger, { role: 'uploader' });
    const res = await stranger.postForm(`/releases/${id}/delete`, {}, { csrfFrom: `/releases/${id}` });
    expect(res.status).toBe(403);
    expect(res.text).toContain('You can only edit your own releases.');
  });

  it('says when a comment is posted and deleted, asks first, and keeps a refused one beside its field', async () => {
    const id = releaseIdOf(
      await upload(uploader, { title: 'Talk', category: catId, torrent: freshTorrent() }),
    );
    const from = { csrfFrom: `/releases/${id}` };
    const posted = await follow(
      uploader,
      await uploader.postForm(`/releases/${id}/comments`, { body: 'Hello' }, from),
    );
    expect(flashOf(posted.text)?.text).toBe('Your comment is posted.');
    const commentId = Number(/id="comment-(\d+)"/.exec(posted.text)?.[1]);
    expect(posted.text).toContain(
      `<form action="/comments/${commentId}/delete" method="post" class="confirm-body">`,
    );
    const deleted = await follow(
      uploader,
      await uploader.postForm(`/comments/${commentId}/delete`, {}, from),
    );
    expect(flashOf(deleted.text)?.text).toBe('The comment was deleted.');
    const refused = await uploader.postForm(`/releases/${id}/comments`, { body: '   ' }, from);
    expect(refused.status).toBe(400);
    expect(fieldError(refused.text, 'body')).not.toBeNull();
  });

  it('answers category changes with a message, asks before deleting, and keeps a refused name', async () => {
    const created = await follow(editor, await editor.postForm('/admin/categories', { name: 'Flashy' }));
    expect(flashOf(created.text)?.text).toBe('Category “Flashy” created.');
    const flashy = await t.dataSource.getRepository(Category).findOneByOrFail({ slug: 'flashy' });
    expect(created.text).toContain(
      `<form action="/admin/categories/${flashy.id}/delete" method="post" class="confirm-body">`,
    );

    const clash = await editor.postForm('/admin/categories', { name: 'flashy' });
    expect(clash.status).toBe(409);
    expect(clash.text).toContain('name="name" value="flashy"');
    expect(fieldError(clash.text, 'name')).toBe('A category named "Flashy" already exists.');

    const from = { csrfFrom: '/admin/categories' };
    const renamed = await follow(
      editor,
      await editor.postForm(`/admin/categories/${flashy.id}/rename`, { name: 'Flashier' }, from),
    );
    expect(flashOf(renamed.text)?.text).toBe('Category renamed to “Flashier”.');
    const badRename = await editor.postForm(`/admin/categories/${flashy.id}/rename`, { name: '!!!' }, from);
    expect(badRename.status).toBe(400);
    expect(badRename.text).toContain('value="!!!"');
    expect(fieldError(badRename.text, 'name')).toMatch(/at least one letter or digit/);

    await insertRelease(t.dataSource, { title: 'Holds it', category: flashy });
    const refused = await follow(
      editor,
      await editor.postForm(`/admin/categories/${flashy.id}/delete`, {}, from),
    );
    expect(flashOf(refused.text)).toEqual({
      kind: 'error',
      text: '"Flashier" still holds 1 release; move or delete them first.',
    });
    const empty = await t.dataSource.getRepository(Category).save({ name: 'Empty one', slug: 'empty-one' });
    const deleted = await follow(
      editor,
      await editor.postForm(`/admin/categories/${empty.id}/delete`, {}, from),
    );
    expect(flashOf(deleted.text)?.text).toBe('Category “Empty one” deleted.');
  });

  it('asks before disabling a member, says so after, and refuses an admin disabling themself with the reason', async () => {
    const target = await registerAndLogin(t.client());
    const list = await admin.get('/admin/users');
    expect(list.text).toMatch(
      new RegExp(
        `<form action="/admin/users/${target.user.id}/disabled" method="post" class="confirm-body">\\s*<input type="hidden" name="_csrf"[^>]*>\\s*<input type="hidden" name="disabled" value="true">`,
      ),
    );
    const from = { csrfFrom: '/admin/users' };
    const done = await follow(
      admin,
      await admin.postForm(`/admin/users/${target.user.id}/disabled`, { disabled: 'true' }, from),
    );
    expect(flashOf(done.text)?.text).toBe(
      `${target.user.username} is disabled: their sessions and their passkey no longer work.`,
    );
    expect((await t.dataSource.getRepository(User).findOneByOrFail({ id: target.user.id })).disabled).toBe(
      true,
    );

    const refused = await admin.postForm(`/admin/users/${adminId}/disabled`, { disabled: 'true' }, from);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('You cannot disable your own account.');
    const role = await follow(
      admin,
      await admin.postForm(`/admin/users/${target.user.id}/role`, { role: 'uploader' }, from),
    );
    expect(flashOf(role.text)?.text).toBe(`${target.user.username} is now uploader.`);
  });

  it('asks before a passkey reset and says it was reset', async () => {
    const page = await uploader.get('/account');
    expect(page.text).toContain('<form action="/account/passkey" method="post" class="confirm-body">');
    const done = await follow(
      uploader,
      await uploader.postForm('/account/passkey', {}, { csrfFrom: '/account' }),
    );
    expect(done.text).toContain('Your passkey was reset.');
  });
});
