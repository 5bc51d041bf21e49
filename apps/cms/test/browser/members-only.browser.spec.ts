import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CategoriesService } from '../../src/categories/categories.service.js';
import { createTestApp, createUser, type TestApp, TEST_DATABASES } from '../support/index.js';
import { launchChromium } from './support/chromium.js';
import { repoRoot, screenshot } from './support/screenshots.js';

const FIXTURE = path.resolve(repoRoot, 'fixtures/torrents/single-v1.torrent');
const STEP_TIMEOUT = 10_000;

/**
 * Issue 13's "members only" and "pages that answer" in a real chromium: a guest sees only the
 * ways in and the rules; a refused upload keeps what was typed, its error beside the field,
 * and no token in the address bar; a delete asks first, then says it is done, once.
 */
describe.each([...TEST_DATABASES])('members only, and pages that answer, in a browser (%s)', (database) => {
  let site: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    site = await createTestApp({ database });
    await site.app.get(CategoriesService).create('Documentaries');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: site.baseUrl });
    context.setDefaultTimeout(STEP_TIMEOUT);
    contexts.push(context);
    return context.newPage();
  }

  async function uploaderPage(): Promise<Page> {
    const { user, password } = await createUser(site, { role: 'uploader' });
    const page = await newPage();
    await page.goto('/login?next=/releases/new');
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/releases/new');
    return page;
  }

  it('shows a guest only sign-in, sign-up, password reset and the rules', async () => {
    const page = await newPage();
    for (const asked of ['/', '/browse?q=anything', '/categories/documentaries']) {
      await page.goto(asked);
      const url = new URL(page.url());
      expect([url.pathname, url.searchParams.get('next')]).toEqual(['/login', asked]);
    }
    expect(await page.getByRole('searchbox').count()).toBe(0);
    expect(await page.locator('.category-nav').count()).toBe(0);
    const links = await page.locator('main a, .user-box a, footer a').allTextContents();
    expect(new Set(links)).toEqual(new Set(['Log in', 'Register', 'Forgot your password?', 'Rules']));
    if (database === 'sqlite') await screenshot(page, 'guest-sign-in');
    await page.getByRole('link', { name: 'Rules' }).click();
    await page.waitForURL((url) => url.pathname === '/rules');
    await expect(page.locator('h1').textContent()).resolves.toBe('Rules');
  }, 60_000);

  it('keeps the typed title, category and description when an upload is refused, with no token in the URL', async () => {
    const page = await uploaderPage();
    await page.getByLabel('Title').fill('Kept across a refusal');
    await page.getByLabel('Category').selectOption({ label: 'Documentaries' });
    await page.getByLabel('Description (Markdown)').fill('Typed **before** the refusal.');
    await page.getByLabel('.torrent file').setInputFiles({
      name: 'broken.torrent',
      mimeType: 'application/x-bittorrent',
      buffer: Buffer.from('this is not bencode'),
    });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState();
    expect(page.url()).not.toContain('_csrf');
    expect(new URL(page.url()).pathname).toBe('/releases');
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Kept across a refusal');
    await expect(page.getByLabel('Description (Markdown)').inputValue()).resolves.toBe(
      'Typed **before** the refusal.',
    );
    await expect(page.locator('select[name="category"] option:checked').textContent()).resolves.toBe(
      'Documentaries',
    );
    const besideTorrent = page.locator('input[name="torrent"] + .field-error');
    await expect(besideTorrent.textContent()).resolves.toMatch(/^This \.torrent was refused/);
    if (database === 'sqlite') await screenshot(page, 'upload-refused');
  }, 60_000);

  it('asks before deleting a release, then says it was deleted, once', async () => {
    const page = await uploaderPage();
    await page.getByLabel('Title').fill('Soon gone');
    await page.getByLabel('Category').selectOption({ label: 'Documentaries' });
    await page.getByLabel('.torrent file').setInputFiles(FIXTURE);
    await page.getByLabel(/Publish now/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/releases\/\d+$/);
    await expect(page.locator('.notice.flash.ok').textContent()).resolves.toBe('“Soon gone” is published.');

    const confirm = page.getByRole('button', { name: 'Yes, delete it' });
    await expect(confirm.isVisible()).resolves.toBe(false);
    await page.locator('.actions summary', { hasText: 'Delete' }).click();
    await expect(page.getByText('This cannot be undone.').isVisible()).resolves.toBe(true);
    if (database === 'sqlite') await screenshot(page, 'release-delete-confirm');
    await confirm.click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.locator('.notice.flash.ok').textContent()).resolves.toBe(
      '“Soon gone” was deleted, with its torrent and comments.',
    );
    await page.reload();
    expect(await page.locator('.notice.flash').count()).toBe(0);
  }, 60_000);
});
