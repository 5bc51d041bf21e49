import { runLoginLimiterContract } from '@tracker/core/testing';
import { RedisLoginLimiter } from '../src/site/redis-login-limiter.js';
import { createRedisTestContext } from '../src/testing/redis-test-context.js';

runLoginLimiterContract('RedisLoginLimiter', async (limits) => {
  const ctx = await createRedisTestContext();
  return {
    // Each call is what another site process opens: its own limiter on the same keys.
    limiter: () => new RedisLoginLimiter(ctx.redis, ctx.keys, limits),
    close: () => ctx.cleanup(),
  };
});
