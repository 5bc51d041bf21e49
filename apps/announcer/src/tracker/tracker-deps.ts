import type { RegisteredSwarmStore, RegistryReader } from '@tracker/core';
import type { AnnouncerConfig } from '../config/announcer-config.js';

/** What the announce and scrape services use; injected so tests and embedded mode can swap stores. */
export interface TrackerDeps {
  readonly config: AnnouncerConfig;
  /**
   * Open mode announces through `announce`; private mode through `announceRegistered`, the
   * registry gate and the swarm step in one (one round trip on Redis).
   */
  readonly store: RegisteredSwarmStore;
  /** For scrape: the passkey's user and which hashes are registered. */
  readonly registry: RegistryReader;
  /** [0, 1), for interval jitter. */
  readonly random: () => number;
  /** Epoch ms. */
  readonly clock: () => number;
}

/** Where the request came from, as the HTTP layer saw it. */
export interface RequestOrigin {
  readonly socketAddress: string | undefined;
  readonly forwardedFor: string | readonly string[] | undefined;
}
