import { expect, it } from '@jest/globals';
import { describeEachDatabase, registerAndLogin, useTestApp } from '../support/index.js';

const INVITE_URL = /<code class="new-invite">[^<]*\/register\?invite(?:=|&#x3D;)([A-Za-z0-9_-]+)<\/code>/;

describeEachDatabase('invite-only registration', (database) => {
  const t = useTestApp({ database, env: { REGISTRATION_MODE: 'invite' } });

  const register = (username: string, invite: string) =>
    t.client().postForm('/register', {
      username,
      email: `${username}@example.test`,
      password: 'a long password',
      invite,
    });

  it('refuses a registration without a valid invite', async () => {
    const res = await register('uninvited', 'made-up-code');
    expect(res.status).toBe(400);
    expect(res.text).toContain('This invite code is not valid');
  });

  it('lets a member invite someone, once', async () => {
    const member = t.client();
    await registerAndLogin(member);
    const created = await member.postForm('/account/invites', {}, { csrfFrom: '/account' });
    expect(created.status).toBe(201);
    const code = INVITE_URL.exec(created.text)?.[1];
    expect(code).toBeDefined();
    const page = await t.client().get(`/register?invite=${code}`);
    expect(page.text).toContain('Invite code');
    const first = await register('invited1', code!);
    expect(first.status).toBe(303);
    const second = await register('invited2', code!);
    expect(second.status).toBe(400);
    expect(second.text).toContain('already used');
  });

  it('gives the invite back when the registration itself fails', async () => {
    const member = t.client();
    const { user } = await registerAndLogin(member);
    const created = await member.postForm('/account/invites', {}, { csrfFrom: '/account' });
    const code = INVITE_URL.exec(created.text)?.[1] ?? '';
    const clash = await register(user.username, code);
    expect(clash.status).toBe(409);
    expect((await register('latecomer', code)).status).toBe(303);
  });
});
