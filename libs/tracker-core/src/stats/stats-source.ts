import type { StatsEntry } from '../swarm/swarm-store.js';

/** A stats ledger entry with the id it is acknowledged (and applied exactly once) by. */
export interface LedgerEntry {
  readonly id: string;
  readonly entry: StatsEntry;
}

/** One delivery of a ledger entry. `entry` is null when it could not be decoded (`error` says why). */
export interface LedgerDelivery {
  readonly id: string;
  readonly entry: StatsEntry | null;
  readonly error?: string;
  /** The entry as the ledger stores it (the stream's field list), kept for the dead-letter store. */
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
 * The stats source port: the announcer's stats ledger as the site consumes it. Adapters: the
 * Redis stream through a consumer group (claiming what a dead consumer left pending), and the
 * in-process `MemoryStatsLedger` of the embedded mode. Delivery is at least once: an entry
 * stays until acknowledged, so a consumer that crashes between `read` and `ack` sees it again,
 * and makes it exactly once by its id (the site's `stats_applied` table).
 */
export interface StatsSource {
  /** Names the ledger in `stats_applied` (ids are unique only within one source). */
  readonly name: string;
  /** Up to `max` unacknowledged entries, oldest first, with those a dead consumer left pending. */
  read(max: number): Promise<LedgerDelivery[]>;
  ack(ids: readonly string[]): Promise<void>;
  /** Moves the entry to the dead-letter store with the reason, and acknowledges it. */
  deadLetter(item: LedgerDelivery, reason: string): Promise<void>;
  /** Drops what every consumer group has acknowledged (no-op where nothing needs it). */
  trim(): Promise<void>;
  /** What waits to be applied. */
  lag(): Promise<LedgerLag>;
  /** Resolves when reads can start (or has waited long enough to let backoff handle it). */
  ready(): Promise<void>;
  close(): Promise<void>;
}
