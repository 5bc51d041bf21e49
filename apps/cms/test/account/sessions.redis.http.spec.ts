import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { sessionHandle } from '@tracker/core';
import { connectRedis, deleteKeysByPrefix, type RedisClient } from '@tracker/redis';
import {
  createTestApp,
  describeEachDatabase,
  login,
  registerAndLogin,
  type TestApp,
} from '../support/index.js';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** With REDIS_URL the sessions live in Redis: the page and a password change use its per-user set. */
describeEachDatabase('sessions kept in Redis', (database) => {
  const prefix = `test:${randomBytes(6).toString('hex')}`;
  let site: TestApp;
  let redis: RedisClient;

  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL);
    site = await createTestApp({ database, env: { REDIS_URL, REDIS_PREFIX: prefix } });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await deleteKeysByPrefix(redis, prefix);
    redis.disconnect();
  });

  it('lists the sessions and ends every other one from the page', async () => {
    const laptop = site.client();
    const { user, password } = await registerAndLogin(laptop);
    const phone = site.client();
    await login(phone, user.username, password);
    expect(await redis.scard(`${prefix}:cms:user-sessions:${user.id}`)).toBe(2);
    const page = await laptop.get('/account/sessions');
    expect(page.text.match(/name="handle"/g)).toHaveLength(2);
    await laptop.postForm('/account/sessions/end-others', {}, { csrfFrom: '/account/sessions' });
    expect((await phone.get('/account')).status).toBe(303);
    expect((await laptop.get('/account')).status).toBe(200);
    expect(await redis.smembers(`${prefix}:cms:user-sessions:${user.id}`)).toEqual([
      sessionHandle(laptop.cookie('sid')!),
    ]);
  });

  it('ends the other sessions on a password change', async () => {
    const here = site.client();
    const { user, password } = await registerAndLogin(here);
    const other = site.client();
    await login(other, user.username, password);
    const res = await here.postForm('/account/password', {
      current: password,
      password: 'a new long secret',
      confirm: 'a new long secret',
    });
    expect(res.status).toBe(303);
    expect((await other.get('/account')).status).toBe(303);
    expect((await here.get('/account')).status).toBe(200);
  });
});
