import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN_THROTTLED } from '../../src/auth/auth.service.js';
import { createTestApp, type TestApp } from '../support/index.js';
import { type BridgeRedis, openBridgeRedis, TEST_REDIS_URL } from '../registry/support/bridge-redis.js';

// Two site processes on one Redis (REDIS_URL set): failed logins count against one budget,
// so running more processes does not multiply the guesses an attacker gets.
describe('login throttling shared through Redis', () => {
  let redis: BridgeRedis;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    redis = await openBridgeRedis();
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `${redis.prefix}:` };
    first = await createTestApp({ database: 'sqlite', env });
    second = await createTestApp({ database: 'sqlite', env });
  }, 60_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await redis?.cleanup();
  });

  it('refuses on one process an account name that failed five times on the other', async () => {
    const attempt = (site: TestApp) =>
      site.client().postForm('/login', { username: 'mallory-target', password: 'wrong-password' });
    for (let i = 0; i < 5; i += 1) expect((await attempt(i % 2 === 0 ? first : second)).status).toBe(401);
    const blocked = await attempt(second);
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain(LOGIN_THROTTLED);
  });
});
