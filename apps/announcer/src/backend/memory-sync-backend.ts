import { Gauge, type Registry } from 'prom-client';
import {
  createKeySchema,
  createRedisClient,
  MemorySyncSwarmStore,
  SyncNotReadyError,
  type RedisClient,
} from '@tracker/redis';
import type { AnnouncerConfig } from '../config/announcer-config.js';
import { LogThrottle } from '../observability/log-throttle.js';
import type { Logger } from '../observability/logger.js';
import type { Backend } from './backend.js';

/** Commands (loads, batches, registry re-reads): a batch call returns in milliseconds. */
const COMMAND_TIMEOUT_MS = 400;
/** The feeds' connection blocks in XREAD for 100 ms at a time. */
const TAIL_TIMEOUT_MS = 1000;
/** How long the boot waits for the first load before listening (it answers "unavailable" until then). */
const READY_WAIT_MS = 2000;

/**
 * ANNOUNCER_BACKEND=memory-sync (ADR 0019): announces are answered from this process's memory
 * and written to Redis in batches; Redis away costs no answer (the gate and the swarms are
 * local), only freshness. Before the first load from Redis, announces and scrapes are answered
 * "tracker temporarily unavailable".
 */
export function createMemorySyncBackend(config: AnnouncerConfig, url: string, logger: Logger): Backend {
  const name = `announcer:${config.instance}`;
  const redis = createRedisClient(url, { connectionName: name, commandTimeoutMs: COMMAND_TIMEOUT_MS });
  const tail = createRedisClient(url, { connectionName: `${name}:feeds`, commandTimeoutMs: TAIL_TIMEOUT_MS });
  const keys = createKeySchema(config.redisPrefix);
  const throttle = new LogThrottle(5000);
  watch(redis, logger);
  tail.on('error', () => undefined); // the feed loop reports its own failures
  const store = new MemorySyncSwarmStore({
    redis,
    tail,
    keys,
    instance: config.instance,
    peerTtlSeconds: config.peerTtlSeconds,
    onError: (err, what) => {
      const suppressed = throttle.admit(what);
      if (suppressed !== undefined) logger.warn({ err, suppressed }, `memory-sync ${what} failed; retrying`);
    },
  });
  const loading = store.start().then(() => {
    if (!store.isLoaded) return; // closed before Redis answered
    const load = store.stats().load;
    logger.info({ ...load, writer: store.writerId }, 'memory-sync: swarms and registry loaded');
  });
  return {
    store,
    registry: store.registry,
    // Serving from memory is healthy; Redis away shows in the lag gauges.
    healthy: async () => store.isLoaded,
    isUnavailable: (err) => err instanceof SyncNotReadyError,
    async *listSwarms() {
      yield store.infoHashes();
    },
    streamLength: () => redis.xlen(keys.statsStream).catch(() => undefined),
    ready: () => Promise.race([loading, new Promise<void>((r) => setTimeout(r, READY_WAIT_MS).unref())]),
    registerMetrics: (registry) => registerSyncMetrics(registry, store),
    async close() {
      await store.close();
      await Promise.all([redis, tail].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

function registerSyncMetrics(registry: Registry, store: MemorySyncSwarmStore): void {
  const gauge = (name: string, help: string, read: () => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  };
  gauge(
    'tracker_sync_pending_records',
    'Answered announces not yet written to Redis',
    () => store.stats().writer.pendingRecords,
  );
  gauge(
    'tracker_sync_dropped_records',
    'Announces dropped unwritten since start (Redis away past the bound; no bytes lost)',
    () => store.stats().writer.droppedRecords,
  );
  gauge(
    'tracker_sync_batch_lag_seconds',
    'Age of the oldest answered announce not yet written',
    () => store.stats().writer.lagMs / 1000,
  );
  gauge(
    'tracker_sync_feed_lag_seconds',
    'Age of the newest peer-feed entry applied when it was read',
    () => store.stats().feed.peerFeedLagMs / 1000,
  );
  gauge(
    'tracker_sync_registry_version',
    'Registry version this announcer holds',
    () => store.stats().registry.version,
  );
  gauge('tracker_sync_loaded', '1 once the swarms and the registry are loaded', () =>
    store.isLoaded ? 1 : 0,
  );
}

/** Redis away is no outage of the answers here: log the state changes only. */
function watch(redis: RedisClient, logger: Logger): void {
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger.warn({ err }, 'redis connection lost; answering from memory, batches wait');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis connection restored; writing the waiting batches');
    down = false;
  });
}
