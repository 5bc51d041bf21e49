import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../auth/auth.guards.js';
import { renderPage } from '../http/render.js';
import { StatsLedgerService } from './stats-ledger.service.js';

/** How far the site's ratio bookkeeping is behind the announcer (admins only). */
@Controller('admin/stats')
@RequireRole('admin')
export class AdminStatsController {
  constructor(private readonly stats: StatsLedgerService) {}

  @Get()
  async show(@Res() res: Response): Promise<void> {
    let lag: Awaited<ReturnType<StatsLedgerService['lag']>> | null = null;
    try {
      lag = await this.stats.lag();
    } catch {
      // Redis unreachable: the page says so instead of failing (the consumer logs the cause).
    }
    const progress = this.stats.consumer.progress;
    renderPage(res, 'pages/admin-stats/index', {
      title: 'Stats ledger',
      lag: lag && { ...lag, oldestPendingSeconds: Math.round(lag.oldestPendingSeconds) },
      progress,
      holds: await this.stats.creditHolds(),
    });
  }
}
