import type { StatsEntry } from '@tracker/core';

/** One delivered ledger entry. `entry` is null when it could not be decoded (`error` says why). */
export interface LedgerItem {
  readonly id: string;
  readonly entry: StatsEntry | null;
  readonly error?: string;
  /** The raw field list, kept for the dead-letter stream. */
  readonly raw: readonly string[];
  /** How many times this entry has been delivered, this delivery included. */
  readonly deliveries: number;
}

export interface LedgerLag {
  /** Entries not yet applied: delivered-but-unacknowledged plus not yet delivered. */
  readonly pending: number;
  /** Age of the oldest of those, in seconds (0 when none). */
  readonly oldestPendingSeconds: number;
  readonly deadLetters: number;
}

/**
 * The announcer's stats ledger as the site consumes it: the Redis stream through a consumer
 * group, or the in-process MemoryStatsLedger in embedded mode. Delivery is at least once; the
 * consumer makes it exactly once with the `stats_applied` table.
 */
export interface StatsSource {
  /** Names the ledger in `stats_applied` (ids are unique only within one source). */
  readonly name: string;
  read(max: number): Promise<LedgerItem[]>;
  ack(ids: readonly string[]): Promise<void>;
  /** Moves the entry to the dead-letter store with the reason, and acknowledges it. */
  deadLetter(item: LedgerItem, reason: string): Promise<void>;
  /** Drops what every consumer group has acknowledged (no-op where nothing needs it). */
  trim(): Promise<void>;
  lag(): Promise<LedgerLag>;
  /** Resolves when reads can start (or has waited long enough to let backoff handle it). */
  ready(): Promise<void>;
  close(): Promise<void>;
}
