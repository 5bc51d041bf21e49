import type { Redis } from 'ioredis';

/**
 * Resolves once the client is connected, or after `timeoutMs` regardless. Clients built by
 * `createRedisClient` have no offline queue, so work started before the connection is up
 * would only fail; a Redis that is really down is then the caller's outage path (the
 * announcer answers "tracker temporarily unavailable", the site's loops back off).
 */
export function redisReady(redis: Redis, timeoutMs = 2000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    timer.unref();
    redis.once('ready', done);
  });
}
