import { expect, it } from '@jest/globals';
import { generate } from 'otplib';
import { LOGIN_TEXT } from '../../src/auth/messages.js';
import { SettingsService } from '../../src/settings/settings.service.js';
import { TWO_FACTOR_TEXT } from '../../src/two-factor/messages.js';
import { UserTwoFactor } from '../../src/two-factor/two-factor.entity.js';
import {
  createApiToken,
  createUser,
  describeEachDatabase,
  type HttpClient,
  type HttpResponse,
  registerAndLogin,
  useTestApp,
} from '../support/index.js';

const SECRET = /<code class="totp-secret">([A-Z2-7]+)<\/code>/;
const RECOVERY = /<code class="recovery-code">([a-z2-9-]+)<\/code>/g;
const PENDING = /name="pending" value="([^"]+)"/;

/** The code an authenticator app shows `offset` seconds from now. */
function codeAt(secret: string, offset = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset });
}

describeEachDatabase('two-factor sign-in', (database) => {
  const t = useTestApp({ database });

  /** Enrols the logged-in client; returns the secret and the recovery codes shown once. */
  async function enrol(client: HttpClient): Promise<{ secret: string; codes: string[] }> {
    const page = await client.get('/account/2fa');
    const secret = SECRET.exec(page.text)?.[1];
    if (!secret) throw new Error('no secret on the enrolment page');
    const res = await client.postForm('/account/2fa/enable', { code: await codeAt(secret) });
    expect(res.status).toBe(201);
    return { secret, codes: [...res.text.matchAll(RECOVERY)].map((m) => m[1]!) };
  }

  /** The first login step; returns the second-step page. */
  async function passwordStep(client: HttpClient, username: string, password: string): Promise<HttpResponse> {
    const res = await client.postForm(
      '/login',
      { username, password, next: '/account' },
      { csrfFrom: '/login' },
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('action="/login/2fa"');
    return res;
  }

  async function codeStep(
    client: HttpClient,
    pendingPage: HttpResponse,
    code: string,
  ): Promise<HttpResponse> {
    const pending = PENDING.exec(pendingPage.text)?.[1] ?? '';
    return client.postForm('/login/2fa', { pending, code, next: '/account' }, { csrfFrom: '/login' });
  }

  it('enrols with a QR code and a first code, then shows ten recovery codes once', async () => {
    const client = t.client();
    await registerAndLogin(client);
    const page = await client.get('/account/2fa');
    expect(page.headers.get('cache-control')).toBe('no-store');
    // Handlebars writes "=" as &#x3D; in the attribute; the browser reads it back.
    expect(page.text).toMatch(/<img class="qr" src="data:image\/png;base64,[A-Za-z0-9+/]+(&#x3D;)*"/);
    const secret = SECRET.exec(page.text)![1]!;
    // A reload keeps the same secret: an app that scanned the first page still matches.
    expect(SECRET.exec((await client.get('/account/2fa')).text)?.[1]).toBe(secret);

    const wrong = await client.postForm('/account/2fa/enable', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain(`<span class="field-error">${TWO_FACTOR_TEXT.wrongCode}</span>`);

    const on = await client.postForm('/account/2fa/enable', { code: await codeAt(secret) });
    expect(on.status).toBe(201);
    expect(on.headers.get('cache-control')).toBe('no-store');
    const codes = [...on.text.matchAll(RECOVERY)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    expect(on.text).toContain(TWO_FACTOR_TEXT.notices['enabled']);

    const after = await client.get('/account/2fa');
    expect(after.text).toContain('class="status-on"');
    expect(after.text).not.toContain(secret);
    for (const code of codes) expect(after.text).not.toContain(code!);
    expect(after.text).toContain('<strong class="unused-codes">10</strong>');
  });

  it('asks for the code after the password, and takes each code once', async () => {
    const setup = t.client();
    const { user, password } = await registerAndLogin(setup);
    const { secret } = await enrol(setup);

    const client = t.client();
    const second = await passwordStep(client, user.username, password);
    expect((await client.get('/account')).status).toBe(303);
    const code = await codeAt(secret, 30);
    const done = await codeStep(client, second, code);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/account');
    expect((await client.get('/account')).status).toBe(200);

    const replay = t.client();
    const replayed = await codeStep(replay, await passwordStep(replay, user.username, password), code);
    expect(replayed.status).toBe(401);
    expect(replayed.text).toContain(LOGIN_TEXT.wrongCode);
    expect((await replay.get('/account')).status).toBe(303);
  });

  it('takes each recovery code once instead of a code', async () => {
    const setup = t.client();
    const { user, password } = await registerAndLogin(setup);
    const { codes } = await enrol(setup);
    const [first = ''] = codes;

    const client = t.client();
    const done = await codeStep(
      client,
      await passwordStep(client, user.username, password),
      first.toUpperCase(),
    );
    expect(done.status).toBe(303);
    expect((await client.get('/account/2fa')).text).toContain('<strong class="unused-codes">9</strong>');

    const again = t.client();
    const refused = await codeStep(again, await passwordStep(again, user.username, password), first);
    expect(refused.status).toBe(401);
  });

  it('throttles code guesses like passwords', async () => {
    const setup = t.client();
    const { user, password } = await registerAndLogin(setup);
    const { secret } = await enrol(setup);
    const client = t.client();
    const second = await passwordStep(client, user.username, password);
    for (let i = 0; i < 5; i += 1) expect((await codeStep(client, second, '123456')).status).toBe(401);
    const blocked = await codeStep(client, second, await codeAt(secret, 30));
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain(LOGIN_TEXT.throttled);
    // The right password does not clear the count of wrong codes.
    const again = await client.postForm(
      '/login',
      { username: user.username, password },
      { csrfFrom: '/login' },
    );
    expect(again.status).toBe(429);
  });

  it('binds the pending login to the browser that gave the password', async () => {
    const setup = t.client();
    const { user, password } = await registerAndLogin(setup);
    const { secret } = await enrol(setup);
    const victim = t.client();
    const second = await passwordStep(victim, user.username, password);
    const thief = t.client();
    const stolen = await codeStep(thief, second, await codeAt(secret, 30));
    expect(stolen.status).toBe(401);
    expect(stolen.text).toContain(LOGIN_TEXT.pendingExpired);
    expect((await thief.get('/account')).status).toBe(303);
  });

  it('turns off with the password, and not with a wrong one', async () => {
    const client = t.client();
    const { user, password } = await registerAndLogin(client);
    await enrol(client);
    const wrong = await client.postForm('/account/2fa/disable', { code: '', password: 'not it' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain(TWO_FACTOR_TEXT.proofWrong);
    expect(await t.dataSource.getRepository(UserTwoFactor).countBy({ userId: user.id })).toBe(1);
    const off = await client.postForm('/account/2fa/disable', { code: '', password });
    expect(off.location).toBe('/account/2fa?done=disabled');
    expect((await client.get(off.location!)).text).toContain(TWO_FACTOR_TEXT.notices['disabled']);
    const plain = t.client();
    const res = await plain.postForm('/login', { username: user.username, password }, { csrfFrom: '/login' });
    expect(res.status).toBe(303);
  });

  it('makes new recovery codes with a current code or the password; the old ones stop working', async () => {
    const client = t.client();
    const { user, password } = await registerAndLogin(client);
    const { secret, codes } = await enrol(client);
    const res = await client.postForm('/account/2fa/recovery-codes', { code: await codeAt(secret, 30) });
    expect(res.status).toBe(201);
    const fresh = [...res.text.matchAll(RECOVERY)].map((m) => m[1]!);
    expect(fresh).toHaveLength(10);
    const byPassword = await client.postForm('/account/2fa/recovery-codes', { code: '', password });
    expect(byPassword.status).toBe(201);
    const latest = [...byPassword.text.matchAll(RECOVERY)].map((m) => m[1]!);
    expect(latest).not.toContain(fresh[0]);
    const other = t.client();
    expect(
      (await codeStep(other, await passwordStep(other, user.username, password), codes[0]!)).status,
    ).toBe(401);
    expect(
      (await codeStep(other, await passwordStep(other, user.username, password), fresh[0]!)).status,
    ).toBe(401);
    expect(
      (await codeStep(other, await passwordStep(other, user.username, password), latest[0]!)).status,
    ).toBe(303);
  });

  it('sends staff without two-factor to enrol when the site requires it', async () => {
    const settings = t.app.get(SettingsService);
    const editor = t.client();
    await registerAndLogin(editor, { role: 'editor' });
    const member = t.client();
    await registerAndLogin(member);
    const current = await settings.get();
    await settings.update({ ...current, require2faForStaff: true });
    try {
      const sent = await editor.get('/admin/categories');
      expect(sent.status).toBe(303);
      expect(sent.location).toBe('/account/2fa?done=required');
      expect((await editor.get(sent.location!)).text).toContain(TWO_FACTOR_TEXT.notices['required']);
      expect((await editor.get('/')).status).toBe(200);
      expect((await member.get('/account')).status).toBe(200);
      await enrol(editor);
      expect((await editor.get('/admin/categories')).status).toBe(200);
    } finally {
      await settings.update({ ...current, require2faForStaff: false });
    }
  });

  it('refuses a staff API token without two-factor when the site requires it, with the reason', async () => {
    const settings = t.app.get(SettingsService);
    const { user } = await createUser(t, { role: 'editor' });
    const token = await createApiToken(t, user);
    const current = await settings.get();
    await settings.update({ ...current, require2faForStaff: true });
    try {
      const res = await fetch(`${t.baseUrl}/api/v1/releases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: TWO_FACTOR_TEXT.staffRequiredApi });
    } finally {
      await settings.update({ ...current, require2faForStaff: false });
    }
  });
});
