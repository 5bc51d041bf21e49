import { beforeAll, expect, it } from '@jest/globals';
import {
  createApiToken,
  describeEachDatabase,
  type HttpClient,
  registerAndLogin,
  useTestApp,
} from '../support/index.js';

/** Texts of Nest, Express and the JSON parser that must never reach a person. */
const FRAMEWORK_TEXTS = [
  /Validation failed/i,
  /numeric string/i,
  /Cannot (GET|POST|HEAD)/,
  /Failed to decode/i,
  /Unexpected token/i,
  /in JSON at position/i,
  /Internal server error/i,
  /Forbidden resource/i,
  /at .*\.js:\d+/,
];

/** URLs that can name nothing: bad ids, ids beyond any row, broken escapes, unknown routes. */
const MALFORMED = [
  '/releases/abc',
  '/releases/99999999999999999999',
  '/releases/2147483648',
  '/releases/1.5',
  '/releases/-1',
  '/releases/0x10',
  '/releases/1e3',
  '/releases/0',
  '/releases/abc/edit',
  '/releases/abc/download',
  '/releases/abc/poster',
  '/releases/%E0%A4%A',
  '/categories/%ZZ',
  '/comments/abc/edit',
  '/rss/download/abc?key=0123456789abcdef0123456789abcdef',
  '/no/such/page',
  '/releases/',
  '/admin/users/abc',
];

function expectNoFrameworkText(url: string, text: string): void {
  for (const pattern of FRAMEWORK_TEXTS) expect([url, pattern.test(text)]).toEqual([url, false]);
}

describeEachDatabase('no framework message reaches a person', (database) => {
  const t = useTestApp({ database });
  let member: HttpClient;
  let token: string;

  beforeAll(async () => {
    member = t.client();
    const { user } = await registerAndLogin(member, { role: 'admin' });
    token = await createApiToken(t, user);
  }, 60_000);

  it.each(MALFORMED)('%s answers the site’s own 404 page to a member', async (url) => {
    const res = await member.get(url);
    expect([url, res.status]).toEqual([url, 404]);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('<h1>Error 404</h1>');
    expect(res.text).toContain(`${t.config.siteName} · a private BitTorrent site`);
    expectNoFrameworkText(url, res.text);
  });

  it('answers a malformed id to a form post with the 404 page too', async () => {
    const res = await member.postForm(
      '/admin/users/abc/role',
      { role: 'user' },
      { csrfFrom: '/admin/users' },
    );
    expect(res.status).toBe(404);
    expectNoFrameworkText('/admin/users/abc/role', res.text);
  });

  it('answers a page posted broken JSON with the site’s 400 page, not the parser’s words', async () => {
    const res = await member.request('POST', '/login', '{"oops', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('This request could not be read.');
    expect(res.text).toContain(`${t.config.siteName} · a private BitTorrent site`);
    expectNoFrameworkText('POST /login', res.text);
  });

  it('answers the API a malformed id with JSON 404', async () => {
    for (const url of ['/api/v1/releases/abc', '/api/v1/releases/1.5/torrent']) {
      const res = await member.api('GET', url, token);
      expect([url, res.status]).toEqual([url, 404]);
      expectNoFrameworkText(url, res.text);
    }
  });

  it('sends a guest who asks for a malformed release address to log in, and shows nothing else', async () => {
    const guest = t.client();
    for (const url of ['/releases/abc', '/releases/99999999999999999999']) {
      const res = await guest.get(url);
      expect(res.status).toBe(303);
      expect(res.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
    const unknown = await guest.get('/no/such/page');
    expect(unknown.status).toBe(404);
    expectNoFrameworkText('/no/such/page', unknown.text);
  });
});
