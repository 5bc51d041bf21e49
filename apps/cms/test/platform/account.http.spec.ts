import { expect, it } from '@jest/globals';
import { User } from '../../src/users/user.entity.js';
import { describeEachDatabase, registerAndLogin, useTestApp } from '../support/index.js';

const NEW_TOKEN = /<code class="new-token">(cms_[A-Za-z0-9_-]+)<\/code>/;

describeEachDatabase('profile, keys and API tokens', (database) => {
  const t = useTestApp({ database });

  const reload = (id: number): Promise<User> => t.dataSource.getRepository(User).findOneByOrFail({ id });

  it('shows uploaded, downloaded, ratio and the passkey on the own profile, uncached', async () => {
    const client = t.client();
    const { user } = await registerAndLogin(client);
    await t.dataSource
      .getRepository(User)
      .update({ id: user.id }, { uploaded: 3 * 1024 ** 3, downloaded: 1024 ** 3 });
    const res = await client.get('/account');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toContain('<dd>3.00 GiB</dd>');
    expect(res.text).toContain('<dd>1.00 GiB</dd>');
    expect(res.text).toContain('<dd>3.00</dd>');
    expect(res.text).toContain(user.passkey);
    expect(res.text).toContain(`http://localhost:3001/announce?passkey&#x3D;${user.passkey}`);
  });

  it('shows no ratio in the header before any transfer, and ∞ only for upload without download', async () => {
    const client = t.client();
    const { user } = await registerAndLogin(client);
    expect((await client.get('/')).text).toContain('title="Ratio">R —</span>');
    await t.dataSource.getRepository(User).update({ id: user.id }, { uploaded: 1024 });
    expect((await client.get('/')).text).toContain('title="Ratio">R ∞</span>');
  });

  it('never puts the passkey in other pages', async () => {
    const client = t.client();
    const { user } = await registerAndLogin(client, { role: 'admin' });
    for (const path of [
      '/',
      '/browse',
      '/login',
      '/register',
      '/admin/users',
      '/admin/settings',
      '/no-such-page',
    ]) {
      const res = await client.get(path);
      expect(res.text).not.toContain(user.passkey);
    }
  });

  it('knows the logged-in user on the front page too (layout middleware runs on "/")', async () => {
    const client = t.client();
    const { user } = await registerAndLogin(client);
    const res = await client.get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain(user.username);
    expect(res.text).not.toContain('href="/login"');
  });

  it('resets the passkey and the RSS key on request', async () => {
    const client = t.client();
    const { user } = await registerAndLogin(client);
    const reset = await client.postForm('/account/passkey', {}, { csrfFrom: '/account' });
    expect(reset.status).toBe(303);
    expect(reset.location).toBe('/account?done=passkey');
    const afterPasskey = await reload(user.id);
    expect(afterPasskey.passkey).toMatch(/^[0-9a-f]{32}$/);
    expect(afterPasskey.passkey).not.toBe(user.passkey);
    expect((await client.get('/account?done=passkey')).text).toContain('Your passkey was reset.');
    await client.postForm('/account/rss-key', {}, { csrfFrom: '/account' });
    const afterRss = await reload(user.id);
    expect(afterRss.rssKey).not.toBe(user.rssKey);
    expect(afterRss.passkey).toBe(afterPasskey.passkey);
  });

  it('refuses a key reset without the CSRF token', async () => {
    const client = t.client();
    const { user } = await registerAndLogin(client);
    const res = await client.postForm('/account/passkey', {}, { csrf: false });
    expect(res.status).toBe(403);
    expect((await reload(user.id)).passkey).toBe(user.passkey);
  });

  it('creates an API token shown once, which then authenticates /api/v1/me until revoked', async () => {
    const client = t.client();
    const { user } = await registerAndLogin(client, { role: 'uploader' });
    const created = await client.postForm('/account/tokens', { name: 'script' }, { csrfFrom: '/account' });
    expect(created.status).toBe(201);
    const token = NEW_TOKEN.exec(created.text)?.[1];
    expect(token).toBeDefined();
    expect((await client.get('/account')).text).not.toContain(token!);

    const me = await client.api('GET', '/api/v1/me', token!);
    expect(me.status).toBe(200);
    expect(me.json()).toEqual({
      username: user.username,
      role: 'uploader',
      uploaded: 0,
      downloaded: 0,
      ratio: null,
    });

    const page = await client.get('/account');
    const tokenId = /action="\/account\/tokens\/(\d+)\/revoke"/.exec(page.text)?.[1];
    const revoked = await client.postForm(`/account/tokens/${tokenId}/revoke`, {}, { csrfFrom: '/account' });
    expect(revoked.status).toBe(303);
    const after = await client.api('GET', '/api/v1/me', token!);
    expect(after.status).toBe(401);
    expect(after.json<{ message: string }>().message).toMatch(/API token/);
  });

  it('cannot revoke another user’s token', async () => {
    const owner = t.client();
    await registerAndLogin(owner);
    await owner.postForm('/account/tokens', { name: 'mine' }, { csrfFrom: '/account' });
    const tokenId = /action="\/account\/tokens\/(\d+)\/revoke"/.exec((await owner.get('/account')).text)?.[1];
    const other = t.client();
    await registerAndLogin(other);
    const res = await other.postForm(`/account/tokens/${tokenId}/revoke`, {}, { csrfFrom: '/account' });
    expect(res.status).toBe(404);
    expect((await owner.get('/account')).text).toContain(`/account/tokens/${tokenId}/revoke`);
  });

  it('answers /api/v1/me without or with a bad token with a JSON 401', async () => {
    const client = t.client();
    const none = await client.get('/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/application\/json/);
    expect(none.json<{ message: string }>().message).toContain('Bearer');
    const bad = await client.api('GET', '/api/v1/me', "cms_' OR 1=1 --");
    expect(bad.status).toBe(401);
  });

  it('stops honouring the token of a disabled user', async () => {
    const client = t.client();
    const { user } = await registerAndLogin(client);
    const created = await client.postForm('/account/tokens', { name: 'x' }, { csrfFrom: '/account' });
    const token = NEW_TOKEN.exec(created.text)?.[1] ?? '';
    await t.dataSource.getRepository(User).update({ id: user.id }, { disabled: true });
    expect((await client.api('GET', '/api/v1/me', token)).status).toBe(401);
  });
});
