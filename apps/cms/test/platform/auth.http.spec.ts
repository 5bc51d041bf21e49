import { expect, it } from '@jest/globals';
import { LOGIN_FAILED, LOGIN_THROTTLED } from '../../src/auth/auth.service.js';
import { createUser, describeEachDatabase, login, useTestApp } from '../support/index.js';

const XSS = '<script>alert(1)</script>';

describeEachDatabase('accounts over HTTP', (database) => {
  const t = useTestApp({ database });

  it('registers an account, logs it in and shows it in the user box', async () => {
    const client = t.client();
    const res = await client.postForm('/register', {
      username: 'newcomer',
      email: 'newcomer@example.test',
      password: 'correct horse battery',
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/account');
    const profile = await client.get('/account');
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('class="user-name" href="/account">newcomer</a>');
  });

  it('refuses a taken username with a readable message on the form', async () => {
    const { user } = await createUser(t);
    const res = await t.client().postForm('/register', {
      username: user.username,
      email: 'other@example.test',
      password: 'long enough password',
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('That username is already taken.');
  });

  it('re-renders an XSS username escaped, never as markup', async () => {
    const res = await t
      .client()
      .postForm('/register', { username: XSS, email: 'x@example.test', password: 'pw12345678' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Username must be 3 to 32 characters');
    expect(res.text).not.toContain(XSS);
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('rejects a form posted without the CSRF token', async () => {
    const res = await t.client().postForm('/login', { username: 'a', password: 'b' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired or came from another site.');
  });

  it('rejects a CSRF token taken from another session', async () => {
    const attacker = t.client();
    const token = await attacker.csrf('/login');
    const victim = t.client();
    await victim.get('/login');
    const res = await victim.postForm('/login', { username: 'a', password: 'b', _csrf: token });
    expect(res.status).toBe(403);
  });

  it('gives the same answer for an unknown account and a wrong password', async () => {
    const { user } = await createUser(t);
    const unknown = await t.client().postForm('/login', { username: 'nobody_here', password: 'whatever1' });
    const wrong = await t
      .client()
      .postForm('/login', { username: user.username, password: 'not-the-password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.text).toContain(LOGIN_FAILED);
    expect(wrong.text).toContain(LOGIN_FAILED);
  });

  it('refuses a disabled account with the same message', async () => {
    const { user, password } = await createUser(t, { disabled: true });
    const res = await t.client().postForm('/login', { username: user.username, password });
    expect(res.status).toBe(401);
    expect(res.text).toContain(LOGIN_FAILED);
  });

  it('throttles an account after five failures, even with the right password then', async () => {
    const { user, password } = await createUser(t);
    const client = t.client();
    for (let i = 0; i < 5; i += 1) {
      const res = await client.postForm('/login', { username: user.username, password: 'wrong-password' });
      expect(res.status).toBe(401);
    }
    const blocked = await client.postForm('/login', { username: user.username, password });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain(LOGIN_THROTTLED);
  });

  it('sends a visitor to the login page with the page they asked for', async () => {
    const res = await t.client().get('/account');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/login?next=%2Faccount');
  });

  it('returns to a same-site next page after login, never to another site', async () => {
    const { user, password } = await createUser(t);
    const client = t.client();
    const ok = await client.postForm('/login', { username: user.username, password, next: '/account' });
    expect(ok.location).toBe('/account');
    const other = t.client();
    const evil = await other.postForm('/login', {
      username: user.username,
      password,
      next: '//evil.example/x',
    });
    expect(evil.location).toBe('/');
  });

  it('issues a new HttpOnly SameSite session cookie at login, and logout ends the session', async () => {
    const { user, password } = await createUser(t);
    const client = t.client();
    await client.get('/login');
    const before = client.cookie('sid');
    const res = await client.postForm('/login', { username: user.username, password });
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(client.cookie('sid')).not.toBe(before);
    expect((await client.get('/account')).status).toBe(200);
    const out = await client.postForm('/logout', {}, { csrfFrom: '/account' });
    expect(out.status).toBe(303);
    expect((await client.get('/account')).status).toBe(303);
  });

  it('serves pages with a strict CSP and no referrer', async () => {
    const res = await t.client().get('/login');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('shows a readable 404 page to people and JSON to API clients', async () => {
    const page = await t.client().get('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.text).toContain('<h1>Error 404</h1>');
    const api = await t.client().get('/api/v1/no-such-route');
    expect(api.status).toBe(404);
    expect(api.json()).toEqual({ message: 'Not found.' });
  });

  it('logs in through the test helper', async () => {
    const { user, password } = await createUser(t, { role: 'editor' });
    const client = t.client();
    await login(client, user.username, password);
    expect((await client.get('/account')).text).toContain('<dd>editor</dd>');
  });
});
