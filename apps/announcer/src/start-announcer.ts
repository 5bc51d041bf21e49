import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  MemoryRegistry,
  RegistryGatedSwarmStore,
  type RegisteredSwarmStore,
  type RegistryReader,
  type SwarmStore,
} from '@tracker/core';
import type { AnnouncerConfig } from './config/announcer-config.js';
import type { Backend } from './backend/backend.js';
import { createEmbeddedBackend, type EmbeddedBackend } from './backend/embedded-backend.js';
import { createRedisBackend } from './backend/redis-backend.js';
import { createCensus } from './backend/swarm-census.js';
import { createTrackerServer, DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/tracker-server.js';
import { AnnouncerMetrics } from './observability/announcer-metrics.js';
import { createLogger, type Logger } from './observability/logger.js';
import type { TrackerDeps } from './tracker/tracker-deps.js';
import { startUdpServer, type UdpServer } from './udp/udp-server.js';

/** Everything optional: injected pieces replace what the config would build. */
export interface AnnouncerDeps {
  /**
   * A store (and registry) of your own, e.g. shared with a CMS in the same process. A store
   * that checks the registry itself (`announceRegistered`) takes private announces as it is;
   * any other is gated by `registry` first.
   */
  readonly store?: SwarmStore | RegisteredSwarmStore;
  readonly registry?: RegistryReader;
  readonly logger?: Logger;
  readonly http?: Partial<HttpLimits>;
  /** How long SIGTERM waits for in-flight requests before closing connections. Default 10 s. */
  readonly drainTimeoutMs?: number;
  readonly clock?: () => number;
  readonly random?: () => number;
}

export interface RunningAnnouncer {
  readonly port: number;
  /** The UDP tracker's port; undefined when ANNOUNCER_UDP_PORT is unset. */
  readonly udpPort: number | undefined;
  /** Embedded mode only: the in-process registry and ledger to feed and drain. */
  readonly embedded: Pick<EmbeddedBackend, 'registry' | 'ledger'> | undefined;
  /** Stops accepting, lets in-flight requests finish, then releases the store. */
  close(): Promise<void>;
}

/** Config -> store -> server. Resolves once listening. */
export async function startAnnouncer(
  config: AnnouncerConfig,
  deps: AnnouncerDeps = {},
): Promise<RunningAnnouncer> {
  const logger = deps.logger ?? createLogger(config.logLevel, config.instance);
  const backend = chooseBackend(config, deps, logger);
  const metrics = new AnnouncerMetrics();
  backend.registerMetrics?.(metrics.registry);
  let draining = false;
  const census = createCensus({
    store: backend.store,
    list: backend.listSwarms,
    metrics,
    streamLength: backend.streamLength,
    minPeriodMs: 10_000,
  });
  const trackerDeps: TrackerDeps = {
    config,
    store: backend.store,
    registry: backend.registry,
    random: deps.random ?? Math.random,
    clock: deps.clock ?? Date.now,
  };
  const server = createTrackerServer(
    {
      deps: trackerDeps,
      metrics,
      logger,
      healthy: backend.healthy,
      refreshGauges: () =>
        census().catch((err: unknown) => logger.warn({ err }, 'metrics census failed; gauges are stale')),
      isUnavailable: backend.isUnavailable,
      draining: () => draining,
    },
    { ...DEFAULT_HTTP_LIMITS, ...deps.http },
  );
  await backend.ready();
  let udp: UdpServer | undefined;
  try {
    await listen(server, config);
    if (config.udp) {
      udp = await startUdpServer({
        deps: trackerDeps,
        udp: config.udp,
        host: config.host,
        metrics,
        logger,
        isUnavailable: backend.isUnavailable,
      });
    }
  } catch (err) {
    if (server.listening) server.close();
    await backend.close(); // e.g. port in use: do not leave a Redis connection holding the process
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  logger.info(
    {
      host: config.host,
      port,
      udpPort: udp?.port,
      mode: config.mode,
      store: config.redisUrl ? `redis (${config.backend})` : 'memory',
    },
    'announcer listening',
  );
  return {
    port,
    udpPort: udp?.port,
    embedded: 'ledger' in backend ? (backend as EmbeddedBackend) : undefined,
    async close() {
      draining = true;
      const timeoutMs = deps.drainTimeoutMs ?? 10_000;
      await Promise.all([drain(server, timeoutMs), udp?.close(timeoutMs)]);
      await backend.close();
      logger.info('announcer stopped');
    },
  };
}

function chooseBackend(config: AnnouncerConfig, deps: AnnouncerDeps, logger: Logger): Backend {
  if (deps.store) return injectedBackend(deps.store, deps.registry ?? new MemoryRegistry());
  if (config.redisUrl) return createRedisBackend(config, config.redisUrl, logger);
  return createEmbeddedBackend();
}

/** A caller-provided store: the caller owns its health; the census sees no swarms. */
function injectedBackend(store: SwarmStore | RegisteredSwarmStore, registry: RegistryReader): Backend {
  return {
    store: 'announceRegistered' in store ? store : new RegistryGatedSwarmStore(store, registry),
    registry,
    healthy: async () => true,
    isUnavailable: () => false,
    async *listSwarms() {
      yield []; // an injected store is not enumerable
    },
    streamLength: async () => undefined,
    ready: async () => undefined,
    close: () => store.close(),
  };
}

function listen(server: Server, config: AnnouncerConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** close() stops accepting and frees idle keep-alive sockets; busy ones finish first. */
function drain(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
