import {
  createKeySchema,
  createRedisClient,
  redisReady,
  RedisRegistryReader,
  RedisSwarmStore,
  scanSwarms,
  type RedisClient,
} from '@tracker/redis';
import type { AnnouncerConfig } from '../config/announcer-config.js';
import type { Logger } from '../observability/logger.js';
import type { Backend } from './backend.js';
import { createMemorySyncBackend } from './memory-sync-backend.js';

/** Per command; two sequential round trips (registry miss, announce) stay under 1 s. */
const COMMAND_TIMEOUT_MS = 400;

/**
 * Swarms, registry and stats stream in Redis (REDIS_URL set): one script per announce
 * (`redis-script`, the default), or answered from memory and written in batches
 * (ANNOUNCER_BACKEND=memory-sync, ADR 0019).
 */
export function createRedisBackend(config: AnnouncerConfig, url: string, logger: Logger): Backend {
  if (config.backend === 'memory-sync') return createMemorySyncBackend(config, url, logger);
  const redis = createRedisClient(url, {
    connectionName: `announcer:${config.instance}`,
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
    // Off: the swarm store batches announces itself (one script call per event-loop turn),
    // and ioredis's per-command pipeline bookkeeping measured 7 % slower on top of that.
    autoPipelining: false,
  });
  watchConnection(redis, logger);
  const keys = createKeySchema(config.redisPrefix);
  const store = new RedisSwarmStore({ redis, keys, peerTtlSeconds: config.peerTtlSeconds });
  return {
    store,
    registry: new RedisRegistryReader({ redis, keys, cacheTtlMs: config.registryCacheMs }),
    healthy: () =>
      redis.ping().then(
        (pong) => pong === 'PONG',
        () => false,
      ),
    isUnavailable: (err) => redis.status !== 'ready' || isConnectionError(err),
    listSwarms: () => scanSwarms(redis, keys),
    streamLength: () => redis.xlen(keys.statsStream),
    // Boot waits briefly for Redis; if it is down we still serve "temporarily unavailable".
    ready: () => redisReady(redis, 2000),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function isConnectionError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /timed out|writeable|Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|MaxRetriesPerRequest/i.test(
    message,
  );
}

/** ioredis reports each failed reconnect as an 'error': log state changes, not every retry. */
function watchConnection(redis: RedisClient, logger: Logger): void {
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger.error({ err }, 'redis connection lost; answering "tracker temporarily unavailable"');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis connection restored');
    down = false;
  });
}
