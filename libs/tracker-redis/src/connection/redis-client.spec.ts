import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { connectRedis, createRedisClient } from './redis-client.js';

// Port 1 on loopback: nothing listens, so the client stays disconnected and keeps retrying.
const NOWHERE = 'redis://127.0.0.1:1';

let client: Redis | undefined;
afterEach(() => {
  client?.disconnect();
  client = undefined;
});

function unreachableClient(): Redis {
  client = createRedisClient(NOWHERE, { commandTimeoutMs: 5000 });
  client.on('error', () => undefined); // every failed reconnect is an 'error'; expected here
  return client;
}

describe('createRedisClient', () => {
  it('neither queues commands while disconnected nor retries them on reconnect', () => {
    const { options } = unreachableClient();
    expect(options.enableOfflineQueue).toBe(false);
    expect(options.maxRetriesPerRequest).toBe(0);
  });

  it('rejects a command issued while Redis is away at once, instead of holding it for the reconnect', async () => {
    const redis = unreachableClient();
    await once(redis, 'error'); // the first connection attempt was refused
    expect(redis.status).not.toBe('ready');
    const started = performance.now();
    const settled = await Promise.allSettled(Array.from({ length: 100 }, () => redis.get('k')));
    // The command timeout is 5 s here, so only the missing offline queue makes this quick.
    expect(performance.now() - started).toBeLessThan(500);
    for (const outcome of settled) {
      expect(outcome.status).toBe('rejected');
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/enableOfflineQueue/);
    }
  });
});

describe('connectRedis', () => {
  it('fails at once when nothing answers, and leaves no client reconnecting', async () => {
    const started = performance.now();
    await expect(connectRedis(NOWHERE)).rejects.toThrow(/ECONNREFUSED/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
