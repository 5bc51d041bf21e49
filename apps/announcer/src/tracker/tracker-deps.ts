import type { SwarmStore } from '@tracker/core';
import type { RegisteredAnnounce, RegisteredAnnounceResult, RegistryReader } from '@tracker/redis';
import type { AnnouncerConfig } from '../config/announcer-config.js';

/** What the announce and scrape services use; injected so tests and embedded mode can swap stores. */
export interface TrackerDeps {
  readonly config: AnnouncerConfig;
  readonly store: SwarmStore;
  readonly registry: RegistryReader;
  /**
   * Private-mode announce with the registry checked inside the store's own atomic step (one
   * round trip on Redis). Absent: the service looks the registry up, then announces.
   */
  readonly registeredAnnounce?: (input: RegisteredAnnounce) => Promise<RegisteredAnnounceResult>;
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
