import { Controller, Get, Header } from '@nestjs/common';
import { StatsMetrics } from './stats-metrics.js';

/** Prometheus scrape endpoint of the site: aggregate numbers only, nothing per user. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: StatsMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
