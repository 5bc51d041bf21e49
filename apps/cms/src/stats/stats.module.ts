import { Module } from '@nestjs/common';
import { MemoryStatsLedger, MemoryStatsSource, type StatsSource } from '@tracker/core';
import { RedisStatsSource } from '@tracker/redis';
import { AppConfig } from '../config/cms-config.js';
import { openSiteRedis, siteKeySchema } from '../redis/site-redis.js';
import { AdminStatsController } from './admin-stats.controller.js';
import { MetricsController } from './metrics.controller.js';
import { DEFAULT_STATS_CONSUMER_OPTIONS } from './stats-ledger-consumer.js';
import { StatsLedgerService } from './stats-ledger.service.js';
import { StatsMetrics } from './stats-metrics.js';
import { STATS_OPTIONS, STATS_SOURCE, type StatsServiceOptions } from './stats-tokens.js';

const DEFAULT_OPTIONS: StatsServiceOptions = {
  ...DEFAULT_STATS_CONSUMER_OPTIONS,
  idleMs: 250,
  maxBackoffMs: 10_000,
};

/**
 * Folds the announcer's stats ledger into users' ratios and snatches: the Redis stream when
 * REDIS_URL is set, else the in-process `MemoryStatsLedger` (exported for an embedded announcer).
 */
@Module({
  controllers: [MetricsController, AdminStatsController],
  providers: [
    { provide: MemoryStatsLedger, useFactory: () => new MemoryStatsLedger() },
    {
      provide: STATS_SOURCE,
      inject: [AppConfig, MemoryStatsLedger],
      useFactory: (config: AppConfig, memory: MemoryStatsLedger): StatsSource =>
        config.redisUrl
          ? new RedisStatsSource(openSiteRedis(config.redisUrl, 'cms-stats', 5000), siteKeySchema(config))
          : new MemoryStatsSource(memory),
    },
    { provide: STATS_OPTIONS, useValue: DEFAULT_OPTIONS },
    StatsLedgerService,
    StatsMetrics,
  ],
  exports: [MemoryStatsLedger, StatsLedgerService, STATS_SOURCE],
})
export class StatsModule {}
