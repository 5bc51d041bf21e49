import { expect, it } from '@jest/globals';
import { IsNull } from 'typeorm';
import { AccountToken } from '../../src/account-tokens/account-token.entity.js';
import { LOGIN_TEXT } from '../../src/auth/messages.js';
import { PASSWORD_TEXT } from '../../src/passwords/messages.js';
import { sha256Hex } from '../../src/security/secure-tokens.js';
import { createUser, describeEachDatabase, type HttpClient, login } from '../support/index.js';
import { SITE_URL, useMailTestApp } from './support/mail-app.js';
import { linkIn, pathOf } from './support/smtp-sink.js';

const NEW_PASSWORD = 'a brand new secret';

/** The page without what differs between two requests anyway: the CSRF token and the echoed address. */
function comparable(html: string, email: string): string {
  return html.replace(/name="_csrf" value="[^"]+"/g, '').replaceAll(email, '<email>');
}

describeEachDatabase('password reset by mail', (database) => {
  const t = useMailTestApp(database);

  async function requestReset(client: HttpClient, email: string) {
    return client.postForm('/password/forgot', { email });
  }

  it('mails a link that sets a new password once, and ends every session of the account', async () => {
    const { user, password } = await createUser(t.site);
    const elsewhere = t.site.client();
    await login(elsewhere, user.username, password);
    const visitor = t.site.client();

    const asked = await requestReset(visitor, user.email.toUpperCase());
    expect(asked.status).toBe(200);
    expect(asked.text).toContain(PASSWORD_TEXT.resetSent);
    const mail = await t.smtp.nextMailTo(user.email);
    expect(mail.subject).toMatch(/^Reset your .+ password$/);
    expect(mail.text).toContain(user.username);
    const link = linkIn(mail, SITE_URL);
    expect(link).toMatch(/^http:\/\/tracker\.site\.test\/password\/reset\/[A-Za-z0-9_-]{43}$/);

    const form = await visitor.get(pathOf(link));
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    const done = await visitor.postForm(pathOf(link), { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/login?done=reset');
    expect((await visitor.get('/login?done=reset')).text).toContain(LOGIN_TEXT.notices['reset']);

    expect((await elsewhere.get('/account')).status).toBe(303);
    await expect(login(t.site.client(), user.username, password)).rejects.toThrow(/failed with 401/);
    await login(t.site.client(), user.username, NEW_PASSWORD);

    const again = await visitor.get(pathOf(link));
    expect(again.status).toBe(400);
    expect(again.text).toContain(PASSWORD_TEXT.linkInvalid);
    const reused = await visitor.postForm(
      pathOf(link),
      { password: 'yet another secret', confirm: 'yet another secret' },
      { csrfFrom: '/password/forgot' },
    );
    expect(reused.status).toBe(400);
    await login(t.site.client(), user.username, NEW_PASSWORD);
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const { user } = await createUser(t.site);
    const known = await requestReset(t.site.client(), user.email);
    const unknownEmail = `nobody-${user.id}@example.test`;
    const unknown = await requestReset(t.site.client(), unknownEmail);
    expect(unknown.status).toBe(known.status);
    expect(comparable(unknown.text, unknownEmail)).toBe(comparable(known.text, user.email));
    await t.smtp.nextMailTo(user.email);
    await t.mailSent();
    expect(await t.smtp.nothingFor(unknownEmail)).toBe(true);
  });

  it('keeps only the SHA-256 of the link token, expiring an hour later', async () => {
    const { user } = await createUser(t.site);
    await requestReset(t.site.client(), user.email);
    const token = pathOf(linkIn(await t.smtp.nextMailTo(user.email), SITE_URL))
      .split('/')
      .pop()!;
    const rows = await t.site.dataSource.getRepository(AccountToken).findBy({ userId: user.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'reset', tokenHash: sha256Hex(token), usedAt: null });
    expect(JSON.stringify(rows)).not.toContain(token);
    const inAnHour = Date.now() + 3600_000;
    expect(Math.abs(rows[0]!.expiresAt.getTime() - inAnHour)).toBeLessThan(60_000);
  });

  it('refuses a link past its hour', async () => {
    const { user, password } = await createUser(t.site);
    await requestReset(t.site.client(), user.email);
    const link = linkIn(await t.smtp.nextMailTo(user.email), SITE_URL);
    await t.site.dataSource
      .getRepository(AccountToken)
      .update({ userId: user.id, usedAt: IsNull() }, { expiresAt: new Date(Date.now() - 1000) });
    const client = t.site.client();
    expect((await client.get(pathOf(link))).status).toBe(400);
    const res = await client.postForm(
      pathOf(link),
      { password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      { csrfFrom: '/password/forgot' },
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain(PASSWORD_TEXT.linkInvalid);
    await login(t.site.client(), user.username, password);
  });

  it('shows every error of the new password at once, beside its field, and keeps the link', async () => {
    const { user } = await createUser(t.site);
    await requestReset(t.site.client(), user.email);
    const path = pathOf(linkIn(await t.smtp.nextMailTo(user.email), SITE_URL));
    const client = t.site.client();
    const res = await client.postForm(path, { password: 'short', confirm: 'different' });
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      '<span class="field-error">Password must be at least 8 characters long.</span>',
    );
    expect(res.text).toContain(`<span class="field-error">${PASSWORD_TEXT.mismatch}</span>`);
    const ok = await client.postForm(path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(ok.status).toBe(303);
  });

  it('says what is wrong with a malformed address, beside the field, keeping what was typed', async () => {
    const res = await requestReset(t.site.client(), 'not-an-address<b>');
    expect(res.status).toBe(400);
    expect(res.text).toContain('<span class="field-error">Enter a valid email address.</span>');
    expect(res.text).toContain('value="not-an-address&lt;b&gt;"');
  });

  it('refuses the forms without the CSRF token', async () => {
    const { user } = await createUser(t.site);
    const res = await t.site.client().postForm('/password/forgot', { email: user.email }, { csrf: false });
    expect(res.status).toBe(403);
    await t.mailSent();
    expect(await t.smtp.nothingFor(user.email, 100)).toBe(true);
  });

  it('sends at most five links per address in the throttle window, with the same answer', async () => {
    const { user } = await createUser(t.site);
    const client = t.site.client();
    for (let i = 0; i < 7; i += 1) {
      const res = await requestReset(client, user.email);
      expect(res.text).toContain(PASSWORD_TEXT.resetSent);
    }
    await t.mailSent();
    for (let i = 0; i < 5; i += 1) await t.smtp.nextMailTo(user.email);
    expect(await t.smtp.nothingFor(user.email, 100)).toBe(true);
  });
});
