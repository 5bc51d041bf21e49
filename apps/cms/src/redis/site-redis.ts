import { Logger } from '@nestjs/common';
import {
  createKeySchema,
  createRedisClient,
  type KeySchema,
  type RedisClient,
  redisReady,
} from '@tracker/redis';
import type { AppConfig } from '../config/cms-config.js';

/**
 * The site's Redis wiring: every client the site opens, and the key schema they all use. The
 * Redis code itself (stores, scripts, the stream reader) is in tracker-redis.
 *
 * Every client is opened here: the shared factory's fail-fast settings (no offline queue, a
 * command timeout, reconnects 500 ms apart at most) and its connection errors logged once a
 * second at most under the client's name, never "[ioredis] Unhandled error event".
 */
export function openSiteRedis(url: string, name: string, commandTimeoutMs: number): RedisClient {
  return createRedisClient(url, { connectionName: name, commandTimeoutMs, errorLog: new Logger(name) });
}

/**
 * A fail-fast client (a page answers within the timeout while Redis is away, instead of
 * queueing), connected before the first request: without an offline queue, a command sent
 * earlier would fail. The wait is bounded (redisReady); a Redis that is down stays an outage.
 */
export async function connectedSiteRedis(url: string, name: string): Promise<RedisClient> {
  const client = openSiteRedis(url, name, 2000);
  await redisReady(client);
  return client;
}

/**
 * The key schema of the site's REDIS_PREFIX, shared with the announcer (registry, swarms, the
 * stats stream) and used for the site's own keys (sessions, login budgets). A REDIS_PREFIX
 * written with a trailing colon (`tracker:`) names the same keys as one without: the colon is
 * stripped, so both apps name the same keys when given the same REDIS_PREFIX.
 */
export function siteKeySchema(config: Pick<AppConfig, 'redisPrefix'>): KeySchema {
  return createKeySchema(config.redisPrefix.replace(/:+$/, ''));
}
