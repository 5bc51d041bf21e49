import { runRegistryStoreContract } from '@tracker/core/testing';
import { RedisRegistryStore } from '../src/site/redis-registry-store.js';
import { createRedisTestContext } from '../src/testing/redis-test-context.js';

runRegistryStoreContract('RedisRegistryStore', async () => {
  const ctx = await createRedisTestContext();
  const store = new RedisRegistryStore(await ctx.connect(), ctx.keys);
  return {
    store,
    close: async () => {
      await store.close();
      await ctx.cleanup();
    },
  };
});
