import type { Registry } from 'prom-client';
import type { RegisteredSwarmStore, RegistryReader } from '@tracker/core';
import type { SwarmLister } from './swarm-census.js';

/** Where swarms and the registry live: Redis, or this process (embedded mode). */
export interface Backend {
  /** Takes private-mode announces too: Redis checks the registry in its own atomic step. */
  readonly store: RegisteredSwarmStore;
  readonly registry: RegistryReader;
  readonly healthy: () => Promise<boolean>;
  /** True when a fault means the store is away rather than a bug. */
  readonly isUnavailable: (err: unknown) => boolean;
  readonly listSwarms: SwarmLister;
  readonly streamLength: () => Promise<number | undefined>;
  /** Resolves when the store is reachable, or after a short wait when it is not (we serve anyway). */
  ready(): Promise<void>;
  /** The backend's own gauges (memory-sync: batch lag, pending and dropped records, feed lag). */
  registerMetrics?(registry: Registry): void;
  close(): Promise<void>;
}
