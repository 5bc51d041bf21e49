import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Setting } from '../../src/settings/setting.entity.js';
import { createTestApp, freeLocalPort, registerAndLogin, type TestApp } from './support.js';

/** A stand-in announcer: /healthz answers as told, or never (a hung host). */
async function fakeAnnouncer(answer: 'ok' | 'hang'): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (answer === 'hang') return;
    res.writeHead(req.url === '/healthz' ? 200 : 404).end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function settingsPage(t: TestApp): Promise<string> {
  const admin = t.client();
  await registerAndLogin(admin, { role: 'admin' });
  return (await admin.get('/admin/settings')).text;
}

describe('admin settings: the effective announce URL and whether the announcer answers there', () => {
  const announcers: Array<{ close: () => Promise<void> }> = [];
  const apps: TestApp[] = [];

  async function siteWithAnnouncer(base: string): Promise<TestApp> {
    const t = await createTestApp({ database: 'sqlite', env: { ANNOUNCE_BASE_URL: base } });
    apps.push(t);
    return t;
  }

  afterAll(async () => {
    for (const t of apps) await t.close();
    for (const a of announcers) await a.close();
  });

  let up: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    up = await fakeAnnouncer('ok');
    announcers.push(up);
  });

  it('shows what goes into .torrent files and no warning when /healthz answers', async () => {
    const page = await settingsPage(await siteWithAnnouncer(up.url));
    expect(page).toContain(`<code id="effective-announce">${up.url}/announce?passkey=`);
    expect(page).toContain('id="announcer-health-ok"');
    expect(page).not.toContain('id="announcer-health-warning"');
  });

  it('warns when nothing listens there', async () => {
    const port = await freeLocalPort();
    const page = await settingsPage(await siteWithAnnouncer(`http://127.0.0.1:${port}`));
    expect(page).toContain('id="announcer-health-warning"');
    expect(page).toContain('it could not be reached (ECONNREFUSED)');
  });

  it('warns after 2 s when the announcer does not answer, and the page still renders', async () => {
    const hung = await fakeAnnouncer('hang');
    announcers.push(hung);
    const started = Date.now();
    const page = await settingsPage(await siteWithAnnouncer(hung.url));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(page).toContain('no answer within 2 s');
  }, 15_000);

  it('saving the form with the configured announce base stores no copy of it (it keeps following the config)', async () => {
    const t = await siteWithAnnouncer(up.url);
    const admin = t.client();
    await registerAndLogin(admin, { role: 'admin' });
    const saved = await admin.postForm('/admin/settings', {
      siteName: 'Renamed',
      announceBaseUrl: up.url,
      registrationMode: 'open',
    });
    expect(saved.status).toBe(200);
    const rows = await t.dataSource.getRepository(Setting).find();
    expect(rows.map((r) => [r.key, r.value])).toEqual([['siteName', 'Renamed']]);
  });
});
