import type { LedgerEntry } from '../stats/stats-source.js';
import type { StatsEntry } from './swarm-store.js';

export interface MemoryStatsLedgerOptions {
  /** Appending beyond this fails loudly instead of growing without bound. */
  readonly maxEntries?: number;
}

/**
 * The in-process stats ledger of the embedded mode (Redis mode uses a stream instead): the
 * swarm store appends, the site's `StatsSource` adapter reads and acknowledges. Delivery is
 * at least once: an entry stays until acknowledged, and every `read` returns it again.
 */
export class MemoryStatsLedger {
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

  /** Up to `maxCount` unacknowledged entries, oldest first. */
  async read(maxCount: number): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    for (const [id, entry] of this.entries) {
      if (out.length >= maxCount) break;
      out.push({ id, entry });
    }
    return out;
  }

  /** Removes the entries; unknown ids are ignored. Returns how many were removed. */
  async ack(ids: readonly string[]): Promise<number> {
    let removed = 0;
    for (const id of ids) if (this.entries.delete(id)) removed++;
    return removed;
  }
}
