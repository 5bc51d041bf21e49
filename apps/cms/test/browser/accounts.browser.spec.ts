import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SettingsService } from '../../src/settings/settings.service.js';
import { createTestApp, createUser, type TestApp, TEST_DATABASES } from '../support/index.js';
import { linkIn, pathOf, type SmtpSink, startSmtpSink } from '../account/support/smtp-sink.js';
import { launchChromium } from './support/chromium.js';
import { screenshot } from './support/screenshots.js';

const SITE_URL = 'http://tracker.browser.test';
const STEP_TIMEOUT = 10_000;
/** A phone (narrow, touch) and a desktop: every account page is used on both. */
const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 } },
} as const;

/**
 * The account pages in a real chromium, with mail through a real SMTP server: a forgotten
 * password reset from the link in the mail, two-factor enrolment and sign-in, the password
 * form's errors, and ending another session after a confirmation.
 */
describe.each([...TEST_DATABASES])('accounts in a browser (%s)', (database) => {
  let site: TestApp;
  let smtp: SmtpSink;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    smtp = await startSmtpSink();
    site = await createTestApp({ database, env: { SMTP_URL: smtp.url, SITE_URL } });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await smtp?.close();
  });

  async function newPage(kind: keyof typeof VIEWPORTS): Promise<Page> {
    const context = await browser.newContext({ baseURL: site.baseUrl, ...VIEWPORTS[kind] });
    context.setDefaultTimeout(STEP_TIMEOUT);
    contexts.push(context);
    return context.newPage();
  }

  async function logIn(page: Page, username: string, password: string): Promise<void> {
    await page.goto('/login?next=/account');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  const notice = (page: Page) => page.locator('.notice.ok').first().textContent();

  it('resets a forgotten password from the link in the mail, on a phone', async () => {
    const { user, password } = await createUser(site);
    const page = await newPage('phone');
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expect(notice(page)).resolves.toContain('we sent it a link');
    if (database === 'sqlite') await screenshot(page, 'password-forgot-phone');

    const link = linkIn(await smtp.nextMailTo(user.email), SITE_URL);
    await page.goto(pathOf(link));
    await page.getByLabel('New password (8 characters or more)').fill('short');
    await page.getByLabel('New password again').fill('other');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await expect(page.locator('.field-error').allTextContents()).resolves.toEqual([
      'Password must be at least 8 characters long.',
      'The two new passwords differ.',
    ]);
    if (database === 'sqlite') await screenshot(page, 'password-reset-errors-phone');
    const fresh = `new secret ${randomBytes(3).toString('hex')}`;
    await page.getByLabel('New password (8 characters or more)').fill(fresh);
    await page.getByLabel('New password again').fill(fresh);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await expect(notice(page)).resolves.toContain('Your password was changed');

    await logIn(page, user.username, password);
    await expect(page.locator('.notice.error').textContent()).resolves.toContain(
      'Wrong username or password',
    );
    await logIn(page, user.username, fresh);
    await page.waitForURL((url) => url.pathname === '/account');
  }, 60_000);

  it('enrols in two-factor sign-in with the QR code page, then signs in with a code', async () => {
    const { user, password } = await createUser(site);
    const page = await newPage('desktop');
    await logIn(page, user.username, password);
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('link', { name: 'Two-factor sign-in' }).click();
    const qr = page.locator('img.qr');
    // The data: image really renders under the site's CSP.
    await expect(
      qr.evaluate((img) => {
        const shown = img as unknown as { complete: boolean; naturalWidth: number };
        return shown.complete && shown.naturalWidth > 0;
      }),
    ).resolves.toBe(true);
    const secret = ((await page.locator('code.totp-secret').textContent()) ?? '').trim();
    if (database === 'sqlite') await screenshot(page, 'two-factor-enrol-desktop');
    await page.getByLabel('Code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await expect(page.locator('code.recovery-code').count()).resolves.toBe(10);
    await expect(notice(page)).resolves.toContain('Two-factor sign-in is on');

    const other = await newPage('phone');
    await logIn(other, user.username, password);
    await other
      .getByLabel('Code')
      .fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    if (database === 'sqlite') await screenshot(other, 'two-factor-login-phone');
    await other.getByRole('button', { name: 'Log in' }).click();
    await other.waitForURL((url) => url.pathname === '/account');
  }, 60_000);

  it('shows every error of the password form beside its field and keeps the page usable', async () => {
    const { user, password } = await createUser(site);
    const page = await newPage('phone');
    await logIn(page, user.username, password);
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill('wrong');
    await page.getByLabel('New password (8 characters or more)').fill('short');
    await page.getByLabel('New password again').fill('different');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.locator('.field-error').count()).resolves.toBe(3);
    await expect(page.locator('.notice.error').textContent()).resolves.toBe(
      'Please correct the marked fields.',
    );
    if (database === 'sqlite') await screenshot(page, 'password-change-errors-phone');
  }, 60_000);

  it('ends another session only after the confirmation', async () => {
    const { user, password } = await createUser(site);
    const laptop = await newPage('desktop');
    const phone = await newPage('phone');
    for (const page of [laptop, phone]) {
      await logIn(page, user.username, password);
      await page.waitForURL((url) => url.pathname === '/account');
    }
    await laptop.getByRole('link', { name: 'Sessions' }).click();
    const otherRow = laptop.locator('tr.session:not(.current)');
    await expect(otherRow.count()).resolves.toBe(1);
    await otherRow.getByText('End', { exact: true }).click();
    await expect(
      otherRow.getByText('End this session? That browser will be logged out.').isVisible(),
    ).resolves.toBe(true);
    if (database === 'sqlite') await screenshot(laptop, 'sessions-confirm-desktop');
    await otherRow.getByRole('button', { name: 'Yes, end it' }).click();
    await expect(notice(laptop)).resolves.toBe('The session was ended.');
    await expect(laptop.locator('tr.session').count()).resolves.toBe(1);

    await phone.goto('/account');
    await phone.waitForURL((url) => url.pathname === '/login');
  }, 60_000);

  it('sends a staff member to enrol when the site requires it', async () => {
    const settings = site.app.get(SettingsService);
    const current = await settings.get();
    await settings.update({ ...current, require2faForStaff: true });
    try {
      const { user, password } = await createUser(site, { role: 'admin' });
      const page = await newPage('desktop');
      await logIn(page, user.username, password);
      await page.goto('/admin/users');
      await page.waitForURL((url) => url.pathname === '/account/2fa');
      await expect(notice(page)).resolves.toContain('Staff accounts must turn on two-factor sign-in');
    } finally {
      await settings.update({ ...current, require2faForStaff: false });
    }
  }, 60_000);
});
