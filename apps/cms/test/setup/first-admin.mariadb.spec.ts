import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SetupService } from '../../src/setup/setup.service.js';
import { loadCmsStartConfig, type RunningCms, startCms } from '../../src/start-cms.js';
import { User } from '../../src/users/user.entity.js';
import { verifyPassword } from '../../src/security/password-hasher.js';
import { createTestDatabase, HttpClient, type TestApp } from '../support/index.js';

const SETUP_LINK = /Open (http:\/\/\S+\/setup\/([A-Za-z0-9_-]{43})) within an hour/;

/** `npm run start:cms` with DATABASE_URL on port 0; what it printed on stdout. */
async function startProduction(databaseUrl: string): Promise<{ cms: RunningCms; stdout: string }> {
  let stdout = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    const cms = await startCms(
      loadCmsStartConfig({
        DATABASE_URL: databaseUrl,
        SESSION_SECRET: 'test-secret-test-secret-test-secret!',
        CMS_HOST: '127.0.0.1',
        CMS_PORT: '0',
        LOG_LEVEL: 'error',
      }),
    );
    return { cms, stdout };
  } finally {
    spy.mockRestore();
  }
}

function browser(cms: RunningCms): HttpClient {
  return new HttpClient({ baseUrl: `http://127.0.0.1:${cms.port}` } as TestApp);
}

function linkPath(stdout: string): string {
  const match = SETUP_LINK.exec(stdout);
  if (!match?.[2]) throw new Error(`no setup link on stdout:\n${stdout}`);
  return `/setup/${match[2]}`;
}

const ADMIN = { username: 'firstadmin', email: 'first@example.test', password: 'a long password' };

describe('first start of a production site (DATABASE_URL): no demo, a one-time setup link', () => {
  let db: { url: string; drop: () => Promise<void> };
  let running: RunningCms | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it('seeds nothing, prints no password, prints a setup link; the link creates one admin and is spent', async () => {
    const first = await startProduction(db.url);
    running = first.cms;
    expect(first.stdout).not.toMatch(/Password|Demo site/);
    expect(first.stdout).toContain('users:create <name> --role admin');
    expect(await first.cms.app.get(DataSource).getRepository(User).count()).toBe(0);
    const path = linkPath(first.stdout);
    const client = browser(first.cms);

    const form = await client.get(path);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Create the first admin account');
    expect((await client.postForm(path, ADMIN, { csrf: false })).status).toBe(403);
    const weak = await client.postForm(path, { ...ADMIN, password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('Password must be at least 8 characters');

    const created = await client.postForm(path, ADMIN);
    expect(created.status).toBe(200);
    expect(created.text).toContain('Admin account created');
    const users = await first.cms.app.get(DataSource).getRepository(User).find();
    expect(users.map((u) => [u.username, u.role])).toEqual([['firstadmin', 'admin']]);
    expect(await verifyPassword(ADMIN.password, users[0]?.passwordHash ?? '')).toBe(true);

    const again = await client.get(path);
    expect(again.status).toBe(404);
    expect(again.text).toContain('This setup link is not valid');
    expect(
      (await client.postForm(path, { ...ADMIN, username: 'second' }, { csrfFrom: '/login' })).status,
    ).toBe(404);

    await first.cms.close();
    running = undefined;
    const second = await startProduction(db.url);
    running = second.cms;
    expect(second.stdout).not.toMatch(SETUP_LINK);
    expect(second.stdout).toContain('Log in at');
  }, 60_000);
});

describe('setup links that can no longer be used', () => {
  let db: { url: string; drop: () => Promise<void> };
  let running: RunningCms | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it('a restart within the hour prints a new link and invalidates the old one', async () => {
    const first = await startProduction(db.url);
    await first.cms.close();
    const second = await startProduction(db.url);
    running = second.cms;
    const client = browser(second.cms);
    expect(linkPath(second.stdout)).not.toBe(linkPath(first.stdout));
    expect((await client.get(linkPath(first.stdout))).status).toBe(404);
    expect((await client.get(linkPath(second.stdout))).status).toBe(200);
  }, 60_000);

  it('a link older than an hour answers 410 with a clear message', async () => {
    const cms = running as RunningCms;
    const token = await cms.app.get(SetupService).issueIfNoAdmin(Date.now() - 61 * 60 * 1000);
    const res = await browser(cms).get(`/setup/${token ?? ''}`);
    expect(res.status).toBe(410);
    expect(res.text).toContain('This setup link has expired');
  });

  it('a link answers 410 once an admin exists (made with the CLI meanwhile)', async () => {
    const cms = running as RunningCms;
    const token = (await cms.app.get(SetupService).issueIfNoAdmin()) ?? '';
    await cms.app
      .get(DataSource)
      .query(
        'INSERT INTO `user` (username, email, passwordHash, role, disabled, canLeech, passkey, rssKey, uploaded, downloaded) ' +
          "VALUES ('cliadmin', 'cli@example.test', 'x', 'admin', 0, 1, ?, ?, 0, 0)",
        ['a'.repeat(32), 'b'.repeat(32)],
      );
    const res = await browser(cms).get(`/setup/${token}`);
    expect(res.status).toBe(410);
    expect(res.text).toContain('has an admin account already');
  });

  it('a malformed token is a plain 404', async () => {
    const res = await browser(running as RunningCms).get('/setup/%3Cscript%3E');
    expect(res.status).toBe(404);
  });
});
