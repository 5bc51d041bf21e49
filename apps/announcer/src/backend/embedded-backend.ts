import {
  MemoryRegistry,
  MemoryStatsLedger,
  MemorySwarmStore,
  RegistryGatedSwarmStore,
  type SwarmAnnounce,
  type SwarmStore,
} from '@tracker/core';
import type { Backend } from './backend.js';

const PURGE_EVERY_MS = 60_000;

export interface EmbeddedBackend extends Backend {
  /** Feed it from a CMS in the same process (private mode needs users and torrents). */
  readonly registry: MemoryRegistry;
  /** What private-mode announces earned, for an in-process consumer. */
  readonly ledger: MemoryStatsLedger;
}

/** No REDIS_URL: swarms, registry and ledger in this process (one announcer only). */
export function createEmbeddedBackend(): EmbeddedBackend {
  const ledger = new MemoryStatsLedger();
  const registry = new MemoryRegistry();
  const memory = new MemorySwarmStore({ ledger });
  const known = new Map<string, Buffer>();
  // Remember which swarms exist so the metrics census can count them.
  const counted: SwarmStore = {
    announce: (input: SwarmAnnounce) => {
      const key = input.infoHash.toString('latin1');
      if (!known.has(key)) known.set(key, input.infoHash);
      return memory.announce(input);
    },
    scrape: (hashes) => memory.scrape(hashes),
    counts: (hashes) => memory.counts(hashes),
    close: () => memory.close(),
  };
  const purge = setInterval(() => {
    memory.purgeExpired();
    void memory.counts([...known.values()]).then((counts) => {
      [...known.keys()].forEach((key, i) => {
        if (counts[i] && counts[i].complete + counts[i].incomplete === 0) known.delete(key);
      });
    });
  }, PURGE_EVERY_MS);
  purge.unref();
  return {
    store: new RegistryGatedSwarmStore(counted, registry),
    registry,
    ledger,
    healthy: async () => true,
    isUnavailable: () => false,
    async *listSwarms() {
      yield [...known.values()];
    },
    streamLength: async () => undefined,
    ready: async () => undefined,
    async close() {
      clearInterval(purge);
      await memory.close();
    },
  };
}
