import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RetryLoop } from '../workers/retry-loop.js';
import { CreditHoldsRepository, type CreditHoldsSummary } from './credit-holds.repository.js';
import { StatsLedgerConsumer } from './stats-ledger-consumer.js';
import type { LedgerLag, StatsSource } from '@tracker/core';
import { STATS_OPTIONS, STATS_SOURCE, type StatsServiceOptions } from './stats-tokens.js';

export interface StatsLag extends LedgerLag {
  readonly lastAppliedAt: Date | null;
  /** False while the last attempt failed (Redis or the database unreachable). */
  readonly healthy: boolean;
}

/** Runs the ledger consumer for the life of the site and reports its lag. */
@Injectable()
export class StatsLedgerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StatsLedger');
  readonly consumer: StatsLedgerConsumer;
  private readonly loop: RetryLoop;
  private readonly holds: CreditHoldsRepository;

  constructor(
    dataSource: DataSource,
    @Inject(STATS_SOURCE) private readonly source: StatsSource,
    @Inject(STATS_OPTIONS) options: StatsServiceOptions,
  ) {
    this.consumer = new StatsLedgerConsumer(dataSource, source, options, this.logger);
    this.holds = new CreditHoldsRepository(dataSource);
    this.loop = new RetryLoop(() => this.consumer.step(), {
      name: 'stats ledger',
      idleMs: options.idleMs,
      maxBackoffMs: options.maxBackoffMs,
      logger: this.logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.source.ready();
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.source.close();
  }

  /** Every credit the announcers held, as recorded (all site processes). */
  creditHolds(): Promise<CreditHoldsSummary> {
    return this.holds.summary();
  }

  async lag(): Promise<StatsLag> {
    const ledger = await this.source.lag();
    return { ...ledger, lastAppliedAt: this.consumer.progress.lastAppliedAt, healthy: !this.loop.failing };
  }
}
