import { expect, it } from '@jest/globals';
import { User } from '../../src/users/user.entity.js';
import { createUser, describeEachDatabase, registerAndLogin, useTestApp } from '../support/index.js';

const XSS_NAME = '<img src=x onerror=alert(1)>';

describeEachDatabase('admin pages', (database) => {
  const t = useTestApp({ database });

  const reload = (id: number): Promise<User> => t.dataSource.getRepository(User).findOneByOrFail({ id });

  it('is closed to members who are not admins', async () => {
    const client = t.client();
    await registerAndLogin(client, { role: 'editor' });
    const res = await client.get('/admin/users');
    expect(res.status).toBe(403);
    expect(res.text).toContain('This needs the admin role.');
  });

  it('renders a hostile username inert in the user list', async () => {
    await createUser(t, { username: XSS_NAME });
    const admin = t.client();
    await registerAndLogin(admin, { role: 'admin' });
    const res = await admin.get('/admin/users');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(XSS_NAME);
    expect(res.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('changes a role, and refuses a role that does not exist', async () => {
    const { user } = await createUser(t);
    const admin = t.client();
    await registerAndLogin(admin, { role: 'admin' });
    const ok = await admin.postForm(
      `/admin/users/${user.id}/role`,
      { role: 'uploader' },
      { csrfFrom: '/admin/users' },
    );
    expect(ok.status).toBe(303);
    expect((await reload(user.id)).role).toBe('uploader');
    const bad = await admin.postForm(
      `/admin/users/${user.id}/role`,
      { role: 'root' },
      { csrfFrom: '/admin/users' },
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Role must be one of user, uploader, editor, admin.');
    expect((await reload(user.id)).role).toBe('uploader');
  });

  it('disables a user, which ends their session and blocks their login', async () => {
    const member = t.client();
    const { user, password } = await registerAndLogin(member);
    expect((await member.get('/account')).status).toBe(200);
    const admin = t.client();
    await registerAndLogin(admin, { role: 'admin' });
    const res = await admin.postForm(
      `/admin/users/${user.id}/disabled`,
      { disabled: 'true' },
      { csrfFrom: '/admin/users' },
    );
    expect(res.status).toBe(303);
    expect((await reload(user.id)).disabled).toBe(true);
    expect((await member.get('/account')).status).toBe(303);
    const again = await t.client().postForm('/login', { username: user.username, password });
    expect(again.status).toBe(401);
  });

  it("withdraws a member's leeching and gives it back", async () => {
    const { user } = await createUser(t);
    const admin = t.client();
    await registerAndLogin(admin, { role: 'admin' });
    const off = await admin.postForm(
      `/admin/users/${user.id}/leeching`,
      { canLeech: 'false' },
      { csrfFrom: '/admin/users' },
    );
    expect(off.status).toBe(303);
    expect((await reload(user.id)).canLeech).toBe(false);
    expect((await admin.get('/admin/users')).text).toContain('withdrawn');
    await admin.postForm(
      `/admin/users/${user.id}/leeching`,
      { canLeech: 'true' },
      { csrfFrom: '/admin/users' },
    );
    expect((await reload(user.id)).canLeech).toBe(true);
  });

  it('does not let an admin lock themselves out', async () => {
    const admin = t.client();
    const { user } = await registerAndLogin(admin, { role: 'admin' });
    const res = await admin.postForm(
      `/admin/users/${user.id}/role`,
      { role: 'user' },
      { csrfFrom: '/admin/users' },
    );
    expect(res.status).toBe(400);
    expect((await reload(user.id)).role).toBe('admin');
  });

  it('refuses admin changes without the CSRF token', async () => {
    const { user } = await createUser(t);
    const admin = t.client();
    await registerAndLogin(admin, { role: 'admin' });
    await admin.get('/admin/users');
    const res = await admin.postForm(`/admin/users/${user.id}/role`, { role: 'admin' }, { csrf: false });
    expect(res.status).toBe(403);
    expect((await reload(user.id)).role).toBe('user');
  });

  it('saves site settings, shows the new name in the layout, and re-renders bad values with a message', async () => {
    const admin = t.client();
    await registerAndLogin(admin, { role: 'admin' });
    const saved = await admin.postForm('/admin/settings', {
      siteName: 'Test <Site>',
      announceBaseUrl: 'https://tracker.example.test/',
      registrationMode: 'open',
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain('Settings saved.');
    const home = await t.client().get('/login');
    expect(home.text).toContain('<a class="brand" href="/">Test &lt;Site&gt;</a>');
    const bad = await admin.postForm('/admin/settings', {
      siteName: 'X',
      announceBaseUrl: 'javascript:alert(1)',
      registrationMode: 'open',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Announce base URL must be an http(s) URL');
  });

  it('puts the announce base URL from the settings into the profile', async () => {
    const admin = t.client();
    await registerAndLogin(admin, { role: 'admin' });
    await admin.postForm('/admin/settings', {
      siteName: 'Tracker',
      announceBaseUrl: 'https://announce.example.test',
      registrationMode: 'open',
    });
    const member = t.client();
    const { user } = await registerAndLogin(member);
    expect((await member.get('/account')).text).toContain(
      `https://announce.example.test/announce?passkey&#x3D;${user.passkey}`,
    );
  });
});
