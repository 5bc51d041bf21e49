import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { Mailer } from '../../src/mail/mailer.service.js';
import {
  createUser,
  createTestApp,
  describeEachDatabase,
  registerAndLogin,
  type TestApp,
} from '../support/index.js';

const DOWNLOAD = /href="(\/admin\/mail\/[^"]+\/eml)"/;

describeEachDatabase('mail without SMTP_URL: .eml files and /admin/mail', (database) => {
  let site: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cms-data-'));
    site = await createTestApp({ database, env: { DATA_DIR: dataDir, SITE_URL: 'http://demo.site.test' } });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes the reset mail to DATA_DIR/mail, where an admin reads it and its link works', async () => {
    const { user } = await createUser(site);
    await site.client().postForm('/password/forgot', { email: user.email });
    await site.app.get(Mailer).whenIdle();

    const admin = site.client();
    await registerAndLogin(admin, { role: 'admin' });
    const list = await admin.get('/admin/mail');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.text).toContain('No SMTP_URL is set');
    const row = new RegExp(`<td>${user.email}</td><td><a href="(/admin/mail/[^"]+)">Reset your`).exec(
      list.text,
    );
    expect(row).not.toBeNull();

    const shown = await admin.get(row![1]!);
    expect(shown.status).toBe(200);
    const link = /http:\/\/demo\.site\.test(\/password\/reset\/[A-Za-z0-9_-]{43})/.exec(shown.text);
    expect(link).not.toBeNull();
    expect((await site.client().get(link![1]!)).status).toBe(200);

    const eml = await admin.get(DOWNLOAD.exec(shown.text)![1]!);
    expect(eml.headers.get('content-type')).toMatch(/^message\/rfc822/);
    const parsed = await simpleParser(eml.text);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : '').toBe(user.email);
    expect(parsed.text).toContain(link![0]);
  });

  it('shows the written mail to admins only', async () => {
    const member = site.client();
    await registerAndLogin(member);
    expect((await member.get('/admin/mail')).status).toBe(403);
    expect((await site.client().get('/admin/mail')).status).toBe(303);
    const admin = site.client();
    await registerAndLogin(admin, { role: 'admin' });
    expect((await admin.get('/admin/mail/..%2F..%2Fcms.sqlite')).status).toBe(404);
  });
});
