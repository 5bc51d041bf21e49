import { expect, it } from '@jest/globals';
import { PASSWORD_TEXT } from '../../src/passwords/messages.js';
import { describeEachDatabase, login, registerAndLogin, useTestApp } from '../support/index.js';

const NEW_PASSWORD = 'correct horse battery staple';

describeEachDatabase('changing the password', (database) => {
  const t = useTestApp({ database });

  it('needs the current password, then ends every other session and keeps this one', async () => {
    const here = t.client();
    const { user, password } = await registerAndLogin(here);
    const phone = t.client();
    await login(phone, user.username, password);

    const res = await here.postForm('/account/password', {
      current: password,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/account/password?done=changed');
    expect((await here.get('/account/password?done=changed')).text).toContain(
      PASSWORD_TEXT.notices['changed'],
    );
    expect((await here.get('/account')).status).toBe(200);
    expect((await phone.get('/account')).status).toBe(303);
    await expect(login(t.client(), user.username, password)).rejects.toThrow(/401/);
    await login(t.client(), user.username, NEW_PASSWORD);
  });

  it('shows every error at once beside its field and changes nothing', async () => {
    const client = t.client();
    const { user, password } = await registerAndLogin(client);
    const res = await client.postForm('/account/password', {
      current: 'not my password',
      password: 'short',
      confirm: 'other',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`<span class="field-error">${PASSWORD_TEXT.currentWrong}</span>`);
    expect(res.text).toContain(
      '<span class="field-error">Password must be at least 8 characters long.</span>',
    );
    expect(res.text).toContain(`<span class="field-error">${PASSWORD_TEXT.mismatch}</span>`);
    expect(res.text).toContain('Please correct the marked fields.');
    expect(res.text).not.toContain('not my password');
    await login(t.client(), user.username, password);
  });

  it('refuses the change without the CSRF token, and a visitor', async () => {
    const client = t.client();
    const { user, password } = await registerAndLogin(client);
    const forged = await client.postForm(
      '/account/password',
      { current: password, password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      { csrf: false },
    );
    expect(forged.status).toBe(403);
    await login(t.client(), user.username, password);
    const visitor = await t.client().get('/account/password');
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe('/login?next=%2Faccount%2Fpassword');
  });
});
