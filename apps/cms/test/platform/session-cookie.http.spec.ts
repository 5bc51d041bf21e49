import { describe, expect, it } from '@jest/globals';
import {
  createUser,
  describeEachDatabase,
  HttpClient,
  type HttpResponse,
  login,
  type TestApp,
  useTestApp,
} from '../support/index.js';

/** A browser reaching the site through a TLS-terminating proxy on loopback. */
class ProxiedClient extends HttpClient {
  override request(
    method: string,
    path: string,
    body?: RequestInit['body'],
    headers: Record<string, string> = {},
  ): Promise<HttpResponse> {
    return super.request(method, path, body, { 'x-forwarded-proto': 'https', ...headers });
  }
}

const proxied = (t: TestApp): ProxiedClient => new ProxiedClient(t);

function sessionCookieLine(res: HttpResponse): string {
  return res.headers.getSetCookie().find((line) => /^(__Host-)?sid=/.test(line)) ?? '';
}

describeEachDatabase('the session cookie behind a TLS proxy', (database) => {
  // The test client connects from 127.0.0.1: that is the trusted proxy here.
  const t = useTestApp({ database, env: { TRUST_PROXY: '127.0.0.1' } });

  it('is __Host-sid with Secure, Path=/, HttpOnly and SameSite=Lax when the proxy says https', async () => {
    const line = sessionCookieLine(await proxied(t).get('/login'));
    expect(line).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43};/);
    expect(line).toMatch(/; Secure/);
    expect(line).toMatch(/; Path=\//);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    expect(line).not.toMatch(/Domain=/i);
  });

  it('stays a plain sid without Secure over plain HTTP', async () => {
    const line = sessionCookieLine(await t.client().get('/login'));
    expect(line).toMatch(/^sid=[A-Za-z0-9_-]{43};/);
    expect(line).not.toMatch(/Secure/);
  });

  it('logs in, serves the member pages and logs out on __Host-sid over https', async () => {
    const { user, password } = await createUser(t);
    const client = proxied(t);
    await login(client, user.username, password);
    expect(client.cookie('__Host-sid')).toBeDefined();
    expect(client.cookie('sid')).toBeUndefined();
    expect((await client.get('/account')).status).toBe(200);
    const out = await client.postForm('/logout', {}, { csrfFrom: '/account' });
    expect(sessionCookieLine(out)).toMatch(/^__Host-sid=;.*Secure/);
    expect(client.cookie('__Host-sid')).toBeUndefined();
    expect((await client.get('/account')).status).toBe(303);
  });

  it('reads only the cookie of the request scheme: an https session is not sent in clear', async () => {
    const { user, password } = await createUser(t);
    const client = proxied(t);
    await login(client, user.username, password);
    const session = client.cookie('__Host-sid') ?? '';
    const plain = await fetch(`${t.baseUrl}/account`, {
      redirect: 'manual',
      headers: { cookie: `__Host-sid=${session}` },
    });
    expect(plain.status).toBe(303);
  });
});

describe('the session cookie without TRUST_PROXY (sqlite)', () => {
  const t = useTestApp({ database: 'sqlite' });

  it('ignores X-Forwarded-Proto from an untrusted peer', async () => {
    const line = sessionCookieLine(await proxied(t).get('/login'));
    expect(line).toMatch(/^sid=/);
    expect(line).not.toMatch(/Secure/);
  });
});
