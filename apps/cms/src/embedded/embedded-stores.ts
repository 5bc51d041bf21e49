import { type DynamicModule, type Type } from '@nestjs/common';
import { MemoryRegistry, MemoryStatsLedger, MemorySwarmStore } from '@tracker/core';
import { RegistryModule } from '../registry/registry.module.js';
import { StatsModule } from '../stats/stats.module.js';

/**
 * What a CMS and an announcer share when both run in ONE process without Redis (`npm start`):
 * the registry the site publishes and the announcer reads, the ledger the announcer appends
 * to and the site consumes, and the swarms the announcer fills and the site counts.
 */
export interface EmbeddedStores {
  readonly registry: MemoryRegistry;
  readonly ledger: MemoryStatsLedger;
  readonly swarm: MemorySwarmStore;
}

export interface OwnedEmbeddedStores extends EmbeddedStores {
  /** Stops the purge timer and empties the swarms. */
  close(): Promise<void>;
}

const PURGE_EVERY_MS = 60_000;

/** New shared stores; the swarm's announces append to the ledger in the same step. */
export function createEmbeddedStores(purgeEveryMs = PURGE_EVERY_MS): OwnedEmbeddedStores {
  const ledger = new MemoryStatsLedger();
  const swarm = new MemorySwarmStore({ ledger });
  // Swarms nobody announces to are otherwise only freed on their next use.
  const purge = setInterval(() => swarm.purgeExpired(), purgeEveryMs);
  purge.unref();
  return {
    registry: new MemoryRegistry(),
    ledger,
    swarm,
    async close() {
      clearInterval(purge);
      await swarm.close();
    },
  };
}

/**
 * The registry and stats modules, with their in-process adapters bound to the shared stores.
 * They are wired through the modules' own tokens (MemoryRegistry, MemoryStatsLedger): Nest
 * lets a dynamic module's providers replace the decorator's providers of the same token.
 * These modules must be imported only here (AppModule), or Nest would build a second copy.
 */
export function registryAndStatsModules(embedded: EmbeddedStores | undefined): Array<Type | DynamicModule> {
  if (!embedded) return [RegistryModule, StatsModule];
  return [
    { module: RegistryModule, providers: [{ provide: MemoryRegistry, useValue: embedded.registry }] },
    { module: StatsModule, providers: [{ provide: MemoryStatsLedger, useValue: embedded.ledger }] },
  ];
}
