import { Redis } from 'ioredis';
import { logRedisErrors, type RedisErrorLogger } from './redis-error-log.js';

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
