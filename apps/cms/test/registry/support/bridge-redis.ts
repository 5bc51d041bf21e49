import { randomBytes } from 'node:crypto';
import {
  connectRedis,
  createKeySchema,
  createRedisClient,
  deleteKeysByPrefix,
  type KeySchema,
  type RedisClient,
} from '@tracker/redis';

export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface BridgeRedis {
  /** A plain client for assertions (not the one under test). */
  readonly redis: RedisClient;
  readonly keys: KeySchema;
  readonly prefix: string;
  cleanup(): Promise<void>;
}

/** This suite's random key prefix on the shared test Redis; fails (never skips) when it is down. */
export async function openBridgeRedis(): Promise<BridgeRedis> {
  const prefix = `test:${randomBytes(6).toString('hex')}`;
  const redis = await connectRedis(TEST_REDIS_URL);
  return {
    redis,
    keys: createKeySchema(prefix),
    prefix,
    async cleanup() {
      await deleteKeysByPrefix(redis, prefix);
      await redis.quit();
    },
  };
}

/**
 * A client opened as the site opens its own (no offline queue, short command timeout), handed
 * out once it is connected: without an offline queue, a command sent earlier would fail.
 */
export async function readyRedisClient(): Promise<RedisClient> {
  const client = createRedisClient(TEST_REDIS_URL, { commandTimeoutMs: 2000 });
  await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

export function redisTarget(): { host: string; port: number } {
  const url = new URL(TEST_REDIS_URL);
  return { host: url.hostname, port: Number(url.port || 6379) };
}

/** Polls until `check` passes or `ms` elapse; returns the elapsed time. */
export async function eventually(check: () => Promise<void> | void, ms = 3000): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - start;
    } catch (err) {
      if (Date.now() - start > ms) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
