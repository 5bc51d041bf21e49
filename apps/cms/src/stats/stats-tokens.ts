import type { StatsConsumerOptions } from './stats-ledger-consumer.js';

/** Injection token of the StatsSource the site consumes. */
export const STATS_SOURCE = Symbol('STATS_SOURCE');
/** Injection token of the consumer's options (tests shorten them). */
export const STATS_OPTIONS = Symbol('STATS_OPTIONS');

export interface StatsServiceOptions extends StatsConsumerOptions {
  /** Pause when the ledger is empty. */
  readonly idleMs: number;
  readonly maxBackoffMs: number;
}
