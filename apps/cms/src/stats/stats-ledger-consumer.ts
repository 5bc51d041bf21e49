import type { LoggerService } from '@nestjs/common';
import type { LedgerDelivery, LedgerEntry, StatsSource } from '@tracker/core';
import type { DataSource } from 'typeorm';
import { LessThan } from 'typeorm';
import { StatsApplied } from './stats-applied.entity.js';
import { StatsLedgerRepository } from './stats-ledger.repository.js';

export interface StatsConsumerOptions {
  readonly batchSize: number;
  /** Deliveries after which an entry that cannot be applied goes to the dead letters. */
  readonly maxDeliveries: number;
  /** How often the stream is trimmed and old stats_applied rows pruned. */
  readonly housekeepingMs: number;
  /** stats_applied rows are kept this long: far beyond any redelivery (claims take seconds). */
  readonly keepAppliedMs: number;
}

export const DEFAULT_STATS_CONSUMER_OPTIONS: StatsConsumerOptions = {
  batchSize: 500,
  maxDeliveries: 5,
  housekeepingMs: 10_000,
  keepAppliedMs: 7 * 24 * 60 * 60 * 1000,
};

export interface StatsConsumerProgress {
  lastAppliedAt: Date | null;
  applied: number;
  duplicates: number;
  deadLettered: number;
  /** Applied entries that held credit (each recorded in credit_holds). */
  held: number;
}

/**
 * One step of the ledger consumer: read a batch, apply it in one transaction, then acknowledge.
 * A batch whose transaction fails (database down) is kept and retried as is, so the delivery
 * counts of healthy entries do not grow during an outage; an entry the database refuses
 * (unknown user or torrent) or that does not decode stays pending until its delivery count
 * reaches maxDeliveries, then goes to the dead letters. Throws on any infrastructure error:
 * the RetryLoop around it backs off.
 */
export class StatsLedgerConsumer {
  readonly progress: StatsConsumerProgress = {
    lastAppliedAt: null,
    applied: 0,
    duplicates: 0,
    deadLettered: 0,
    held: 0,
  };
  private readonly ledger: StatsLedgerRepository;
  private held: LedgerDelivery[] | null = null;
  private lastHousekeeping = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly source: StatsSource,
    private readonly options: StatsConsumerOptions,
    private readonly logger: LoggerService,
  ) {
    this.ledger = new StatsLedgerRepository(dataSource);
  }

  /** True when a full batch was handled (more may be waiting). */
  async step(): Promise<boolean> {
    const batch = this.held ?? (await this.source.read(this.options.batchSize));
    this.held = batch;
    if (batch.length === 0) {
      this.held = null;
      await this.housekeeping();
      return false;
    }
    const decoded = batch.filter((i): i is LedgerDelivery & LedgerEntry => i.entry !== null);
    const result = await this.ledger.apply(this.source.name, decoded);
    await this.source.ack([...result.applied, ...result.duplicates]);
    const refused = [
      ...batch
        .filter((i) => i.entry === null)
        .map((i) => ({ item: i, reason: `malformed: ${i.error ?? '?'}` })),
      ...result.unknown.map((u) => ({
        item: batch.find((i) => i.id === u.id) as LedgerDelivery,
        reason: u.reason,
      })),
    ];
    await this.refuse(refused);
    this.held = null;
    this.record(result.applied.length, result.duplicates.length, result.held);
    await this.housekeeping(); // also under constant load, which never leaves the loop idle
    return batch.length >= this.options.batchSize;
  }

  private async refuse(refused: Array<{ item: LedgerDelivery; reason: string }>): Promise<void> {
    for (const { item, reason } of refused) {
      if (item.deliveries < this.options.maxDeliveries) continue; // stays pending; claimed again later
      await this.source.deadLetter(item, reason);
      this.progress.deadLettered++;
      this.logger.warn(`stats entry ${item.id} dead-lettered after ${item.deliveries} deliveries: ${reason}`);
    }
  }

  private record(applied: number, duplicates: number, held: number): void {
    this.progress.applied += applied;
    this.progress.duplicates += duplicates;
    this.progress.held += held;
    if (applied > 0) this.progress.lastAppliedAt = new Date();
  }

  private async housekeeping(): Promise<void> {
    if (Date.now() - this.lastHousekeeping < this.options.housekeepingMs) return;
    this.lastHousekeeping = Date.now();
    await this.source.trim();
    await this.dataSource
      .getRepository(StatsApplied)
      .delete({ appliedAt: LessThan(new Date(Date.now() - this.options.keepAppliedMs)) });
  }
}
