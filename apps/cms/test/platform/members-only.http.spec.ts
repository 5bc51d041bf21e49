import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTorrent } from '@tracker/core';
import { Comment } from '../../src/comments/comment.entity.js';
import { SettingsService } from '../../src/settings/settings.service.js';
import {
  createTestApp,
  describeEachDatabase,
  type HttpClient,
  registerAndLogin,
  type TestApp,
  useTestApp,
} from '../support/index.js';
import { category, releaseIdOf, upload } from '../releases/upload-helpers.js';

/** A guest asking for `path` is sent to log in, and back to `path` afterwards. */
function expectSentToLogin(res: { status: number; location: string | null }, path: string): void {
  expect(res.status).toBe(303);
  expect(res.location).toBe(`/login?next=${encodeURIComponent(path)}`);
}

async function setGuestCatalogue(t: TestApp, on: boolean): Promise<void> {
  const settings = t.app.get(SettingsService);
  await settings.update({ ...(await settings.get()), guestCatalogue: on });
}

describeEachDatabase('members only, by default', (database) => {
  const t = useTestApp({ database });
  let uploader: HttpClient;
  let member: HttpClient;
  let releaseId: number;

  beforeAll(async () => {
    [uploader, member] = [t.client(), t.client()];
    await registerAndLogin(uploader, { role: 'uploader' });
    await registerAndLogin(member);
    const { id: categoryId } = await category(t, 'Members');
    const torrent = createTorrent({ name: 'members.bin', content: Buffer.alloc(3000, 7) });
    releaseId = releaseIdOf(
      await upload(uploader, { title: 'Members release', category: categoryId, torrent }),
    );
    await member.postForm(
      `/releases/${releaseId}/comments`,
      { body: 'A member comment' },
      { csrfFrom: `/releases/${releaseId}` },
    );
  }, 60_000);

  it('sends a guest to log in from the front page, lists, search, release pages, comments and downloads', async () => {
    const guest = t.client();
    for (const page of [
      '/',
      '/browse',
      '/browse?q=members',
      '/categories/members',
      `/releases/${releaseId}`,
      `/releases/${releaseId}/poster`,
      `/releases/${releaseId}/download`,
      '/account',
    ]) {
      expectSentToLogin(await guest.get(page), page);
    }
  });

  it('refuses a guest comment and stores nothing', async () => {
    const guest = t.client();
    const before = await t.dataSource.getRepository(Comment).count();
    const res = await guest.postForm(
      `/releases/${releaseId}/comments`,
      { body: 'guest' },
      { csrfFrom: '/login' },
    );
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/login\?next=/);
    expect(await t.dataSource.getRepository(Comment).count()).toBe(before);
  });

  it('lets a guest open sign-in, sign-up, password reset, the rules and the health check', async () => {
    const guest = t.client();
    for (const page of ['/login', '/register', '/password/forgot', '/email/confirm', '/rules', '/healthz']) {
      const res = await guest.get(page);
      expect([page, res.status]).toEqual([page, 200]);
    }
  });

  it('shows a guest neither the search box nor the category menu, only the ways in and the rules', async () => {
    const res = await t.client().get('/login');
    expect(res.text).not.toContain('role="search"');
    expect(res.text).not.toContain('class="category-nav"');
    for (const link of ['href="/login"', 'href="/register"', 'href="/password/forgot"', 'href="/rules"']) {
      expect(res.text).toContain(link);
    }
    const signedIn = await member.get('/');
    expect(signedIn.status).toBe(200);
    expect(signedIn.text).toContain('role="search"');
  });

  it('takes the member back to the page they asked for after signing in, and never off the site', async () => {
    const guest = t.client();
    const seeded = await registerAndLogin(t.client());
    const sent = await guest.get(`/releases/${releaseId}`);
    const back = await guest.postForm(
      '/login',
      { username: seeded.user.username, password: seeded.password, next: `/releases/${releaseId}` },
      { csrfFrom: sent.location ?? '/login' },
    );
    expect(back.location).toBe(`/releases/${releaseId}`);
    const other = t.client();
    const offSite = await other.postForm(
      '/login',
      { username: seeded.user.username, password: seeded.password, next: '//evil.example/' },
      { csrfFrom: '/login' },
    );
    expect(offSite.location).toBe('/');
  });

  it('keeps the API and RSS on their own keys: 401 without a token, 403 for an unknown RSS key', async () => {
    const guest = t.client();
    const api = await guest.get('/api/v1/releases');
    expect(api.status).toBe(401);
    expect(api.json()).toEqual({ message: expect.any(String) });
    expect((await guest.get('/rss?key=0123456789abcdef0123456789abcdef')).status).toBe(403);
  });

  it('shows no magnet link on a release page: every torrent of the site is private', async () => {
    const page = await member.get(`/releases/${releaseId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/releases/${releaseId}/download`);
    expect(page.text).not.toContain('magnet:');
  });

  describe('with the catalogue opened to guests (guestCatalogue)', () => {
    beforeAll(() => setGuestCatalogue(t, true));
    afterAll(() => setGuestCatalogue(t, false));

    it('lets a guest see the front page, lists, search and a release page', async () => {
      const guest = t.client();
      for (const page of [
        '/',
        '/browse',
        '/browse?q=members',
        '/categories/members',
        `/releases/${releaseId}`,
      ]) {
        const res = await guest.get(page);
        expect([page, res.status]).toEqual([page, 200]);
      }
      const search = await guest.get('/browse?q=members');
      expect(search.text).toContain('Members release');
      expect(search.text).toContain('role="search"');
    });

    it('keeps comments, who snatched and downloads for members', async () => {
      const guest = t.client();
      const page = await guest.get(`/releases/${releaseId}`);
      expect(page.text).not.toContain('A member comment');
      expect(page.text).not.toContain('<h2>Snatches</h2>');
      expect(page.text).toContain('to read and post comments');
      expectSentToLogin(
        await guest.get(`/releases/${releaseId}/download`),
        `/releases/${releaseId}/download`,
      );
      const memberPage = await member.get(`/releases/${releaseId}`);
      expect(memberPage.text).toContain('A member comment');
    });
  });

  it('is turned on by an admin on the settings page, and is off again when unticked', async () => {
    const admin = t.client();
    await registerAndLogin(admin, { role: 'admin' });
    const current = await t.app.get(SettingsService).get();
    const fields = {
      siteName: current.siteName,
      announceBaseUrl: current.announceBaseUrl,
      registrationMode: current.registrationMode,
    };
    const on = await admin.postForm('/admin/settings', { ...fields, guestCatalogue: 'on' });
    expect(on.status).toBe(200);
    expect(on.text).toMatch(/name="guestCatalogue" checked/);
    expect((await t.client().get('/browse')).status).toBe(200);
    await admin.postForm('/admin/settings', fields);
    expectSentToLogin(await t.client().get('/browse'), '/browse');
  });
});

describe('the rules page', () => {
  let dataDir: string;
  let site: TestApp;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cms-rules-'));
    site = await createTestApp({ database: 'sqlite', env: { DATA_DIR: dataDir } });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows default rules until the operator writes DATA_DIR/rules.md', async () => {
    const res = await site.client().get('/rules');
    expect(res.status).toBe(200);
    expect(res.text).toContain('One account per person');
  });

  it('shows the Markdown of DATA_DIR/rules.md to guests, sanitized, as soon as it is saved', async () => {
    await writeFile(
      path.join(dataDir, 'rules.md'),
      '# House rules\n\n1. Seed **48 hours**.\n\n<script>alert(1)</script>\n',
    );
    const res = await site.client().get('/rules');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<strong>48 hours</strong>');
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).not.toContain('One account per person');
  });
});
