import { runLoginLimiterContract } from '../testing/login-limiter-contract.js';
import { MemoryLoginLimiter } from './memory-login-limiter.js';

runLoginLimiterContract('MemoryLoginLimiter', async (limits) => {
  // One process holds one limiter: every "process" of this store is that object.
  const limiter = new MemoryLoginLimiter(limits);
  return { limiter: () => limiter, close: async () => undefined };
});
