import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedisClient } from '@tracker/redis';

/**
 * Every Redis client of the site is opened here: the shared factory's fail-fast settings (no
 * offline queue, a command timeout, reconnects 500 ms apart at most) and its connection errors
 * logged once a second at most under the client's name, never "[ioredis] Unhandled error event".
 */
export function openSiteRedis(url: string, name: string, commandTimeoutMs: number): Redis {
  return createRedisClient(url, { connectionName: name, commandTimeoutMs, errorLog: new Logger(name) });
}
