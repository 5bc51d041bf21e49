import { randomUUID } from 'node:crypto';
import type { MemoryStatsLedger } from '../swarm/memory-stats-ledger.js';
import type { StatsEntry } from '../swarm/swarm-store.js';
import type { LedgerDelivery, LedgerLag, StatsSource } from './stats-source.js';

export interface DeadLetter {
  readonly id: string;
  readonly reason: string;
  readonly raw: readonly string[];
}

const KEEP_DEAD_LETTERS = 1000;

/**
 * The embedded mode's stats source: the announcer's `MemoryStatsLedger` in this process. Its
 * ids restart at 1 with the process, so this source's name carries a per-boot id: applied ids
 * of an earlier boot must not hide new entries. Every read re-delivers what is unacknowledged.
 */
export class MemoryStatsSource implements StatsSource {
  readonly name = `memory:${randomUUID()}`;
  /** The last KEEP_DEAD_LETTERS dead letters, for a test or an operator's debugger. */
  readonly deadLetters: DeadLetter[] = [];
  private deadLetterCount = 0;
  private readonly deliveries = new Map<string, number>();

  constructor(private readonly ledger: MemoryStatsLedger) {}

  async read(max: number): Promise<LedgerDelivery[]> {
    const records = await this.ledger.read(max);
    return records.map(({ id, entry }) => {
      const deliveries = (this.deliveries.get(id) ?? 0) + 1;
      this.deliveries.set(id, deliveries);
      return { id, entry, raw: entryFields(entry), deliveries };
    });
  }

  async ack(ids: readonly string[]): Promise<void> {
    await this.ledger.ack(ids);
    for (const id of ids) this.deliveries.delete(id);
  }

  async deadLetter(item: LedgerDelivery, reason: string): Promise<void> {
    this.deadLetters.push({ id: item.id, reason, raw: item.raw });
    if (this.deadLetters.length > KEEP_DEAD_LETTERS) this.deadLetters.shift();
    this.deadLetterCount++;
    await this.ack([item.id]);
  }

  async trim(): Promise<void> {
    return undefined; // acknowledging already removes entries from the in-process ledger
  }

  async lag(): Promise<LedgerLag> {
    const [oldest] = await this.ledger.read(1);
    return {
      pending: this.ledger.pending,
      oldestPendingSeconds: oldest ? Math.max(0, (Date.now() - oldest.entry.timestamp) / 1000) : 0,
      deadLetters: this.deadLetterCount,
    };
  }

  async ready(): Promise<void> {
    return undefined;
  }

  async close(): Promise<void> {
    return undefined;
  }
}

/**
 * The entry as the in-process ledger holds it, as name/value pairs: the dead-letter record's
 * `raw` (the Redis stream keeps its own field list there instead).
 */
function entryFields(entry: StatsEntry): string[] {
  return Object.entries(entry).flatMap(([name, value]) => [name, String(value)]);
}
