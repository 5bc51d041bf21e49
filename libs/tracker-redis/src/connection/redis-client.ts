import { Redis } from 'ioredis';
import { logRedisErrors, type RedisErrorLogger } from './redis-error-log.js';

/** The client type, for the apps: only this library imports `ioredis` (eslint.config.js). */
export type RedisClient = Redis;

export interface RedisClientOptions {
  /** Shown in CLIENT LIST, e.g. `announcer-1`. */
  readonly connectionName?: string;
  /** Upper bound for any one command, so callers answer within their own deadline. */
  readonly commandTimeoutMs?: number;
  /**
   * Commands issued in the same event-loop turn leave in one socket write (ioredis
   * auto-pipelining), for a client issuing many small independent commands. Default false
   * (the announcer batches its announces itself: `AnnounceBatcher`).
   */
  readonly autoPipelining?: boolean;
  /**
   * Takes the client's connection errors, one line a second at most (`logRedisErrors`,
   * named by `connectionName`). Without it the caller must listen to 'error' itself, or
   * ioredis prints "[ioredis] Unhandled error event" at every failed reconnect.
   */
  readonly errorLog?: RedisErrorLogger;
}

/**
 * A client that fails fast instead of queueing while Redis is away: no offline queue
 * (an outage must not grow memory without bound), a command timeout, and reconnects
 * at most 500 ms apart so service resumes within seconds of Redis returning.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const client = new Redis(url, {
    connectionName: options.connectionName,
    enableAutoPipelining: options.autoPipelining ?? false,
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(50 * times, 500),
  });
  if (options.errorLog)
    logRedisErrors(client, options.errorLog, { name: options.connectionName ?? 'client' });
  return client;
}

/**
 * A client connected now, or the connection error: for tests and tools that must not go on
 * before Redis answers. It neither retries nor reconnects (a Redis that is down fails at
 * once), and it queues commands as ioredis does by default. Servers use `createRedisClient`.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // connect() rejects with "Connection is closed."; the 'error' event has the cause.
  let cause: unknown;
  const keep = (err: unknown): void => {
    cause = err;
  };
  client.on('error', keep);
  try {
    await client.connect();
  } catch (err) {
    // Without retries a failed client has ended; disconnect() would then arm a 2 s timer.
    if (client.status !== 'end') client.disconnect();
    throw new Error(`cannot connect to Redis: ${String(cause ?? err)}`, { cause: cause ?? err });
  } finally {
    client.off('error', keep);
  }
  return client;
}
