import type { Redis } from 'ioredis';

/**
 * Resolves once the client is connected, or after `timeoutMs` regardless: the site's clients
 * have no offline queue, so a loop started before the connection is up would only log a
 * spurious outage at every boot. A Redis that is really down is then handled by the backoff.
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
