import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteKeysByPrefix } from '../connection/delete-by-prefix.js';
import { createKeySchema, type KeySchema } from '../key-schema.js';

export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * A suite's own slice of the shared test Redis: a random key prefix so parallel jest
 * workers never see each other's keys, and `cleanup()` to delete them afterwards.
 * Connecting fails loudly (no retry, no skip): CI runs these against a real Redis.
 */
export interface RedisTestContext {
  readonly redis: Redis;
  readonly keys: KeySchema;
  /** A further connection with the same prefix (e.g. a store that owns its connection). */
  connect(): Promise<Redis>;
  cleanup(): Promise<void>;
}

export async function createRedisTestContext(): Promise<RedisTestContext> {
  const keys = createKeySchema(`test:${randomBytes(6).toString('hex')}`);
  const opened: Redis[] = [];
  const connect = async (): Promise<Redis> => {
    const redis = new Redis(TEST_REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
    });
    await redis.connect();
    opened.push(redis);
    return redis;
  };
  const redis = await connect();
  return {
    redis,
    keys,
    connect,
    async cleanup() {
      await deleteKeysByPrefix(redis, keys.prefix);
      await Promise.all(
        opened.map((c) => (c.status === 'end' ? undefined : c.quit().catch(() => undefined))),
      );
    },
  };
}
