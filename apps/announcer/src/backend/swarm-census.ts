import type { SwarmStore } from '@tracker/core';
import type { AnnouncerMetrics } from '../observability/announcer-metrics.js';

/** Lists the info hashes that currently have a stored swarm. */
export type SwarmLister = () => AsyncIterable<Buffer[]>;

export interface CensusOptions {
  readonly store: SwarmStore;
  readonly list: SwarmLister;
  readonly metrics: AnnouncerMetrics;
  /** Stats stream length, or undefined when there is none (embedded mode). */
  readonly streamLength: () => Promise<number | undefined>;
  /** A census walks every swarm: run it at most this often, whatever the scrape rate. */
  readonly minPeriodMs: number;
}

/**
 * Fills the peers/seeders/leechers/stream gauges. Counting every swarm is O(swarms), so
 * it runs when /metrics is read and at most once per `minPeriodMs`, never per announce.
 */
export function createCensus(opts: CensusOptions): () => Promise<void> {
  let last = 0;
  let running: Promise<void> | undefined;
  const run = async (): Promise<void> => {
    let seeders = 0;
    let leechers = 0;
    let swarms = 0;
    for await (const batch of opts.list()) {
      const counts = await opts.store.counts(batch);
      for (const c of counts) {
        seeders += c.complete;
        leechers += c.incomplete;
        if (c.complete + c.incomplete > 0) swarms++;
      }
    }
    opts.metrics.seeders.set(seeders);
    opts.metrics.leechers.set(leechers);
    opts.metrics.peers.set(seeders + leechers);
    opts.metrics.swarms.set(swarms);
    opts.metrics.streamLength.set((await opts.streamLength()) ?? -1);
  };
  return async () => {
    if (Date.now() - last < opts.minPeriodMs) return;
    running ??= run().finally(() => {
      last = Date.now();
      running = undefined;
    });
    await running;
  };
}
