import { describe, expect, it } from '@jest/globals';
import { LOGIN_TEXT } from '../../src/auth/messages.js';
import { EMAIL_TEXT } from '../../src/email-addresses/messages.js';
import { User } from '../../src/users/user.entity.js';
import { createUser, describeEachDatabase, login, registerAndLogin, useTestApp } from '../support/index.js';
import { SITE_URL, useMailTestApp } from './support/mail-app.js';
import { linkIn, pathOf } from './support/smtp-sink.js';

describeEachDatabase('e-mail addresses', (database) => {
  describe('with SMTP_URL set (confirmation required by default)', () => {
    const t = useMailTestApp(database);
    const reload = (id: number) => t.site.dataSource.getRepository(User).findOneByOrFail({ id });

    it('makes a new account confirm its address before it can log in', async () => {
      const client = t.site.client();
      const name = `fresh_${Date.now() % 1e6}`;
      const email = `${name}@example.test`;
      const signed = await client.postForm('/register', {
        username: name,
        email,
        password: 'long enough secret',
      });
      expect(signed.status).toBe(201);
      expect(signed.text).toContain('Check your mail');
      expect(signed.text).toContain(email);

      const refused = await t.site
        .client()
        .postForm('/login', { username: name, password: 'long enough secret' });
      expect(refused.status).toBe(403);
      expect(refused.text).toContain(LOGIN_TEXT.unconfirmed);
      expect(refused.text).toContain('href="/email/confirm"');

      const mail = await t.smtp.nextMailTo(email);
      expect(mail.subject).toMatch(/^Confirm your e-mail address/);
      const path = pathOf(linkIn(mail, SITE_URL));
      expect(path).toMatch(/^\/email\/confirm\/[A-Za-z0-9_-]{43}$/);
      // Opening the link only asks: a mail scanner fetching it must not use it up.
      expect((await client.get(path)).text).toContain('Confirm the address');
      const confirmed = await client.postForm(path, {});
      expect(confirmed.location).toBe('/login?done=confirmed');
      expect((await client.get('/login?done=confirmed')).text).toContain(LOGIN_TEXT.notices['confirmed']);
      await login(t.site.client(), name, 'long enough secret');
      expect((await client.get(path)).status).toBe(400);
    });

    it('sends the link again on request, answering the same for any address', async () => {
      const name = `again_${Date.now() % 1e6}`;
      const email = `${name}@example.test`;
      await t.site.client().postForm('/register', { username: name, email, password: 'long enough secret' });
      await t.smtp.nextMailTo(email);
      const again = await t.site.client().postForm('/email/confirm', { email });
      expect(again.text).toContain(EMAIL_TEXT.resendSent);
      const second = await t.smtp.nextMailTo(email);
      const unknown = await t.site.client().postForm('/email/confirm', { email: `x${email}` });
      expect(unknown.status).toBe(again.status);
      expect(unknown.text).toContain(EMAIL_TEXT.resendSent);
      const { user: confirmedUser } = await createUser(t.site);
      await t.site.client().postForm('/email/confirm', { email: confirmedUser.email });
      await t.mailSent();
      expect(await t.smtp.nothingFor(`x${email}`, 50)).toBe(true);
      expect(await t.smtp.nothingFor(confirmedUser.email, 50)).toBe(true);
      const confirmed = await t.site.client().postForm(pathOf(linkIn(second, SITE_URL)), {});
      expect(confirmed.location).toBe('/login?done=confirmed');
    });

    it('changes the address only once the link mailed to the new one is opened', async () => {
      const client = t.site.client();
      const { user, password } = await registerAndLogin(client);
      const newEmail = `moved_${user.id}@example.test`;
      const asked = await client.postForm('/account/email', { email: newEmail, password });
      expect(asked.location).toBe('/account/email?done=change-sent');
      expect((await client.get(asked.location!)).text).toContain(EMAIL_TEXT.notices['change-sent']);
      expect((await reload(user.id)).email).toBe(user.email);

      const notice = await t.smtp.nextMailTo(user.email);
      expect(notice.text).toContain(newEmail);
      expect(notice.text).not.toMatch(/\/email\/change\//);
      const mail = await t.smtp.nextMailTo(newEmail);
      const path = pathOf(linkIn(mail, SITE_URL));
      expect(path).toMatch(/^\/email\/change\/[A-Za-z0-9_-]{43}$/);
      expect((await client.get(path)).text).toContain(newEmail);
      const done = await client.postForm(path, {});
      expect(done.location).toBe('/account/email?done=changed');
      expect((await reload(user.id)).email).toBe(newEmail);
      expect((await client.get('/account/email')).text).toContain(newEmail);
      expect((await client.postForm(path, {}, { csrfFrom: '/account/email' })).status).toBe(400);
    });

    it('shows every error of the change form at once and keeps what was typed', async () => {
      const client = t.site.client();
      const { user } = await registerAndLogin(client);
      const bad = await client.postForm('/account/email', { email: 'nope<i>', password: 'wrong password' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('<span class="field-error">Enter a valid email address.</span>');
      expect(bad.text).toContain(`<span class="field-error">${EMAIL_TEXT.wrongPassword}</span>`);
      expect(bad.text).toContain('value="nope&lt;i&gt;"');
      const same = await client.postForm('/account/email', { email: user.email, password: '' });
      expect(same.text).toContain(EMAIL_TEXT.sameAddress);
      expect(same.text).toContain(EMAIL_TEXT.passwordRequired);
      await t.mailSent();
      expect(await t.smtp.nothingFor(user.email, 50)).toBe(true);
    });

    it('refuses a change link once another account took the address', async () => {
      const client = t.site.client();
      const { user, password } = await registerAndLogin(client);
      const wanted = `wanted_${user.id}@example.test`;
      await client.postForm('/account/email', { email: wanted, password });
      const path = pathOf(linkIn(await t.smtp.nextMailTo(wanted), SITE_URL));
      await createUser(t.site, { email: wanted });
      const res = await client.postForm(path, {});
      expect(res.status).toBe(409);
      expect((await reload(user.id)).email).toBe(user.email);
    });
  });

  describe('without SMTP_URL (confirmation off by default)', () => {
    const t = useTestApp({ database });

    it('logs a new account in at once', async () => {
      const client = t.client();
      const name = `direct_${Date.now() % 1e6}`;
      const res = await client.postForm('/register', {
        username: name,
        email: `${name}@example.test`,
        password: 'long enough secret',
      });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/account');
    });
  });
});
