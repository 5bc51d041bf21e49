import type { StatsEntry } from './swarm-store.js';

/** One ledger entry with the id used to acknowledge it. */
export interface StatsLedgerRecord {
  readonly id: string;
  readonly entry: StatsEntry;
}

/**
 * The consumer side of the stats ledger (the CMS folds entries into user totals). Delivery
 * is at least once: entries stay until acknowledged, so a consumer that crashes between
 * `read` and `ack` sees them again and must apply them idempotently (by id).
 */
export interface StatsLedgerReader {
  /** Up to `maxCount` unacknowledged entries, oldest first. */
  read(maxCount: number): Promise<StatsLedgerRecord[]>;
  /** Removes the entries; unknown ids are ignored. Returns how many were removed. */
  ack(ids: readonly string[]): Promise<number>;
}

export interface MemoryStatsLedgerOptions {
  /** Appending beyond this fails loudly instead of growing without bound. */
  readonly maxEntries?: number;
}

/** The in-process stats ledger of the embedded mode (Redis mode uses a stream instead). */
export class MemoryStatsLedger implements StatsLedgerReader {
  private readonly entries = new Map<string, StatsEntry>();
  private readonly maxEntries: number;
  private sequence = 0;

  constructor(opts: MemoryStatsLedgerOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 1_000_000;
  }

  /**
   * Appends and returns the new id. Throws when full: refusing the announce (an internal
   * error for the client, which retries) is better than silently dropping earned credit.
   */
  append(entry: StatsEntry): string {
    this.assertRoom();
    const id = String(++this.sequence);
    this.entries.set(id, entry);
    return id;
  }

  /** Throws the error `append` would throw; lets a store check before changing anything. */
  assertRoom(): void {
    if (this.entries.size >= this.maxEntries) {
      throw new Error(
        `stats ledger full (${this.maxEntries} unacknowledged entries): is the consumer running?`,
      );
    }
  }

  get pending(): number {
    return this.entries.size;
  }

  async read(maxCount: number): Promise<StatsLedgerRecord[]> {
    const out: StatsLedgerRecord[] = [];
    for (const [id, entry] of this.entries) {
      if (out.length >= maxCount) break;
      out.push({ id, entry });
    }
    return out;
  }

  async ack(ids: readonly string[]): Promise<number> {
    let removed = 0;
    for (const id of ids) if (this.entries.delete(id)) removed++;
    return removed;
  }
}
