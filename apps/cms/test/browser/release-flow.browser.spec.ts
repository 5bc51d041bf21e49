import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CategoriesService } from '../../src/categories/categories.service.js';
import { createTestApp, createUser, type TestApp } from '../support/index.js';
import { launchChromium } from './support/chromium.js';
import { readDownloadedTorrent } from './support/downloaded-torrent.js';
import { repoRoot, screenshot } from './support/screenshots.js';

const FIXTURE = path.resolve(repoRoot, 'fixtures/torrents/single-v1.torrent');
/** The fixture's own v1 hash (fixtures README): the site's rewrite (private, source) changes it. */
const FIXTURE_INFO_HASH = '7383e72724665a4c5d0f4ca8a15f7692c9b5991d';
const ANNOUNCE_BASE = 'http://tracker.browser.test:3001';
/** Every wait is short: a step that hangs fails the test well inside its 60 s budget. */
const STEP_TIMEOUT = 10_000;

const suffix = randomBytes(3).toString('hex');
/** One unlikely word in the title, so the search finds exactly this release. */
const searchWord = `zephyrine${suffix}`;
const title = `Aurora ${searchWord} Timelapse 2160p`;
const reader = {
  username: `reader_${suffix}`,
  email: `reader_${suffix}@example.test`,
  password: `correct horse ${suffix} battery`,
};

/**
 * The whole site as people use it, in a real chromium: a visitor registers, logs out and in,
 * an editor posts a release with a real .torrent through the upload form and publishes it,
 * the visitor finds it by search and downloads a .torrent that carries their own passkey.
 */
describe('the site in a browser', () => {
  let site: TestApp;
  let browser: Browser;
  let readerContext: BrowserContext;
  let editorContext: BrowserContext;
  let readerPage: Page;
  let editorPage: Page;
  let releaseUrl = '';
  let shownInfoHash = '';

  beforeAll(async () => {
    site = await createTestApp({ database: 'sqlite', env: { ANNOUNCE_BASE_URL: ANNOUNCE_BASE } });
    await site.app.get(CategoriesService).create('Movies');
    browser = await launchChromium();
    readerContext = await browser.newContext({ baseURL: site.baseUrl, acceptDownloads: true });
    editorContext = await browser.newContext({ baseURL: site.baseUrl });
    for (const context of [readerContext, editorContext]) context.setDefaultTimeout(STEP_TIMEOUT);
    readerPage = await readerContext.newPage();
    editorPage = await editorContext.newPage();
  }, 40_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** Logs in through the form and lands on the profile (`next`), whose header names the user. */
  async function logIn(page: Page, username: string, password: string): Promise<void> {
    await page.goto('/login?next=/account');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
  }

  /** The name in the header's user box, or null for a visitor (read on /browse, a plain page). */
  async function headerUser(page: Page): Promise<string | null> {
    await page.goto('/browse');
    const name = page.locator('.user-box .user-name');
    return (await name.count()) === 0 ? null : name.textContent();
  }

  it('lets a visitor register, log out and log back in', async () => {
    await readerPage.goto('/');
    await screenshot(readerPage, 'front-page-empty');
    await readerPage.getByRole('link', { name: 'Register' }).first().click();
    await readerPage.getByLabel('Username').fill(reader.username);
    await readerPage.getByLabel('Email').fill(reader.email);
    await readerPage.getByLabel('Password').fill(reader.password);
    await readerPage.getByRole('button', { name: 'Create account' }).click();
    await readerPage.waitForURL((url) => url.pathname === '/account');
    await expect(readerPage.locator('.user-box .user-name').textContent()).resolves.toBe(reader.username);

    await readerPage.getByRole('button', { name: 'Log out' }).click();
    // The front page is for members: a guest lands on the sign-in page.
    await readerPage.waitForURL((url) => url.pathname === '/login');
    await expect(headerUser(readerPage)).resolves.toBeNull();

    await readerPage.goto('/login');
    await screenshot(readerPage, 'login');
    await logIn(readerPage, reader.username, reader.password);
    await expect(headerUser(readerPage)).resolves.toBe(reader.username);
  }, 60_000);

  it('lets an editor post a release with a real .torrent as a draft, then publish it', async () => {
    const editor = await createUser(site, { role: 'editor' });
    await logIn(editorPage, editor.user.username, editor.password);
    await editorPage.getByRole('link', { name: 'Upload', exact: true }).click();
    await editorPage.getByLabel('Title').fill(title);
    await editorPage.getByLabel('Category').selectOption({ label: 'Movies' });
    await editorPage.getByLabel('Description (Markdown)').fill('Shot over **three nights** in Tromsø.');
    await editorPage.getByLabel('.torrent file').setInputFiles(FIXTURE);
    await screenshot(editorPage, 'upload-form');
    await editorPage.getByRole('button', { name: 'Save' }).click();
    await editorPage.waitForURL(/\/releases\/\d+$/);
    await expect(editorPage.locator('.notice').first().textContent()).resolves.toContain('draft');

    await editorPage.getByRole('button', { name: 'Publish' }).click();
    await editorPage.waitForURL(/\/releases\/\d+$/);
    expect(await editorPage.getByRole('button', { name: 'Unpublish' }).count()).toBe(1);
    releaseUrl = new URL(editorPage.url()).pathname;
  }, 60_000);

  it('lets the reader find the release by search and open it', async () => {
    expect(releaseUrl).toMatch(/^\/releases\/\d+$/);
    await readerPage.goto('/');
    await screenshot(readerPage, 'front-page');
    await readerPage.getByRole('searchbox', { name: 'Search releases' }).fill(searchWord);
    await readerPage.getByRole('searchbox', { name: 'Search releases' }).press('Enter');
    await readerPage.waitForURL((url) => url.pathname === '/browse');
    const hits = readerPage.locator('table.releases tbody a[href^="/releases/"]');
    await expect(hits.allTextContents()).resolves.toEqual([title]);
    await screenshot(readerPage, 'search-results');

    await hits.first().click();
    await readerPage.waitForURL((url) => url.pathname === releaseUrl);
    await expect(readerPage.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    shownInfoHash = ((await readerPage.locator('code.mono').first().textContent()) ?? '').trim();
    expect(shownInfoHash).toMatch(/^[0-9a-f]{40}$/);
    expect(shownInfoHash).not.toBe(FIXTURE_INFO_HASH);
    await screenshot(readerPage, 'release-page');
  }, 60_000);

  it("downloads a .torrent whose announce URL carries the reader's own passkey", async () => {
    expect(shownInfoHash).not.toBe('');
    await readerPage.goto('/account');
    const passkey = ((await readerPage.locator('code.passkey').textContent()) ?? '').trim();
    expect(passkey).toMatch(/^[0-9a-f]{32}$/);
    await screenshot(readerPage, 'profile');

    await readerPage.goto(releaseUrl);
    const [download] = await Promise.all([
      readerPage.waitForEvent('download'),
      readerPage.getByRole('link', { name: 'Download .torrent' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.torrent$/);
    const downloadedPath = await download.path();
    const torrent = readDownloadedTorrent(await readFile(downloadedPath));

    expect(torrent.announce).toBe(`${ANNOUNCE_BASE}/announce?passkey=${passkey}`);
    expect(torrent.hasAnnounceList).toBe(false);
    expect(torrent.isPrivate).toBe(true);
    expect(torrent.infoHash).toBe(shownInfoHash);
  }, 60_000);
});
