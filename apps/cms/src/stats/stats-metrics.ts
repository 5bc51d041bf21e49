import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { StatsLedgerService, type StatsLag } from './stats-ledger.service.js';

/**
 * The site's Prometheus registry (one per app instance, not prom-client's global one, so
 * several apps in one test process do not collide). Ledger gauges are read at scrape time.
 */
@Injectable()
export class StatsMetrics {
  readonly registry = new Registry();
  private readonly logger = new Logger('StatsMetrics');
  private cached: { at: number; lag: Promise<StatsLag> } | null = null;

  constructor(private readonly stats: StatsLedgerService) {
    const lagOnce = () => this.lagOnce();
    const gauge = (name: string, help: string, read: (lag: StatsLag) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect: async function (this: Gauge) {
          try {
            this.set(read(await lagOnce()));
          } catch (err) {
            logger.warn(`ledger lag unavailable: ${String(err)}`);
          }
        },
      });
    const logger = this.logger;
    gauge('cms_stats_ledger_pending_entries', 'Stats ledger entries not yet applied.', (l) => l.pending);
    gauge(
      'cms_stats_ledger_oldest_pending_seconds',
      'Age of the oldest unapplied entry.',
      (l) => l.oldestPendingSeconds,
    );
    gauge('cms_stats_ledger_dead_letters', 'Entries in the dead-letter stream.', (l) => l.deadLetters);
    gauge(
      'cms_stats_ledger_last_applied_timestamp_seconds',
      'When this process last applied entries.',
      (l) => (l.lastAppliedAt ? l.lastAppliedAt.getTime() / 1000 : 0),
    );
    gauge('cms_stats_ledger_healthy', '1 while the consumer reaches Redis and the database.', (l) =>
      l.healthy ? 1 : 0,
    );
    this.holdsCounter();
  }

  /** Read from the consumer's progress at scrape time: no database query per scrape. */
  private holdsCounter(): void {
    const progress = this.stats.consumer.progress;
    let reported = 0;
    new Counter({
      name: 'cms_stats_credit_holds_total',
      help: 'Applied stats entries that held credit (one credit_holds row each), by this process since start.',
      registers: [this.registry],
      collect(this: Counter) {
        this.inc(progress.held - reported);
        reported = progress.held;
      },
    });
  }

  /** Five gauges, one scrape: read the lag once per second at most. */
  private lagOnce(): Promise<StatsLag> {
    if (!this.cached || Date.now() - this.cached.at > 1000)
      this.cached = { at: Date.now(), lag: this.stats.lag() };
    return this.cached.lag;
  }
}
