import { expect, it } from '@jest/globals';
import { Session } from '../../src/auth/session.entity.js';
import { sessionHandle } from '@tracker/core';
import { SESSIONS_TEXT } from '../../src/sessions/messages.js';
import { describeEachDatabase, login, registerAndLogin, useTestApp } from '../support/index.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** The handles of the "end" forms on the page, in order. */
function handles(html: string): string[] {
  return [...html.matchAll(/name="handle" value="([0-9a-f]{64})"/g)].map((m) => m[1]!);
}

describeEachDatabase('the sessions page', (database) => {
  const t = useTestApp({ database });

  it('lists where the member is logged in, by device and address, marking this browser', async () => {
    const laptop = t.client();
    const { user, password } = await registerAndLogin(laptop);
    const phone = t.client();
    await phone.postForm(
      '/login',
      { username: user.username, password },
      { csrfFrom: '/login', headers: { 'user-agent': IPHONE } },
    );
    const page = await laptop.get('/account/sessions', { 'user-agent': FIREFOX });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toContain('Safari on iOS');
    expect(page.text).toContain('<code>127.0.0.1</code>');
    expect(page.text.match(/class="session current"/g)).toHaveLength(1);
    expect(page.text).toContain('(this browser)');
    expect(handles(page.text)).toHaveLength(2);
    // Each end button only opens its question: the destructive submit is inside <details>.
    expect(page.text).toContain('<details class="confirm">');
    expect(page.text).toContain('Yes, end it');
  });

  it('ends one other session, with a message', async () => {
    const laptop = t.client();
    const { user, password } = await registerAndLogin(laptop);
    const phone = t.client();
    await login(phone, user.username, password);
    const phoneHandle = sessionHandle(phone.cookie('sid')!);
    const res = await laptop.postForm(
      '/account/sessions/end',
      { handle: phoneHandle },
      { csrfFrom: '/account/sessions' },
    );
    expect(res.status).toBe(303);
    expect(res.location).toBe('/account/sessions?done=ended');
    expect((await laptop.get(res.location!)).text).toContain(SESSIONS_TEXT.notices['ended']);
    expect((await phone.get('/account')).status).toBe(303);
    expect((await laptop.get('/account')).status).toBe(200);
  });

  it('ends every other session and keeps this one', async () => {
    const laptop = t.client();
    const { user, password } = await registerAndLogin(laptop);
    const others = [t.client(), t.client()];
    for (const other of others) await login(other, user.username, password);
    const res = await laptop.postForm('/account/sessions/end-others', {}, { csrfFrom: '/account/sessions' });
    expect(res.location).toBe('/account/sessions?done=others-ended');
    for (const other of others) expect((await other.get('/account')).status).toBe(303);
    const page = await laptop.get(res.location!);
    expect(handles(page.text)).toEqual([sessionHandle(laptop.cookie('sid')!)]);
    expect(page.text).toContain(SESSIONS_TEXT.notices['others-ended']);
  });

  it("ending the current session logs out; another member's session cannot be ended", async () => {
    const alice = t.client();
    await registerAndLogin(alice);
    const mallory = t.client();
    await registerAndLogin(mallory);
    const aliceHandle = sessionHandle(alice.cookie('sid')!);
    const refused = await mallory.postForm(
      '/account/sessions/end',
      { handle: aliceHandle },
      { csrfFrom: '/account/sessions' },
    );
    expect(refused.status).toBe(404);
    expect((await alice.get('/account')).status).toBe(200);

    const out = await alice.postForm(
      '/account/sessions/end',
      { handle: aliceHandle },
      { csrfFrom: '/account/sessions' },
    );
    expect(out.location).toBe('/login?done=signed-out');
    expect((await alice.get('/account')).status).toBe(303);
  });

  it('refuses to end sessions without the CSRF token', async () => {
    const laptop = t.client();
    const { user, password } = await registerAndLogin(laptop);
    const phone = t.client();
    await login(phone, user.username, password);
    const res = await laptop.postForm('/account/sessions/end-others', {}, { csrf: false });
    expect(res.status).toBe(403);
    expect((await phone.get('/account')).status).toBe(200);
  });

  it('writes last-seen at most once a minute, not on every request', async () => {
    const client = t.client();
    await registerAndLogin(client);
    const sessions = t.dataSource.getRepository(Session);
    const idHash = sessionHandle(client.cookie('sid')!);
    const anHourAgo = new Date(Date.now() - 3600_000);
    await sessions.update({ idHash }, { lastSeenAt: anHourAgo });
    await client.get('/account');
    const touched = (await sessions.findOneByOrFail({ idHash })).lastSeenAt;
    expect(touched.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const fewSecondsAgo = new Date(Date.now() - 5000);
    await sessions.update({ idHash }, { lastSeenAt: fewSecondsAgo });
    await client.get('/account');
    expect((await sessions.findOneByOrFail({ idHash })).lastSeenAt.getTime()).toBe(fewSecondsAgo.getTime());
  });
});
