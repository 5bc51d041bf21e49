import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Header,
  Injectable,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import type { Request } from 'express';
import { bearerTokenMatches } from '@tracker/core';
import { AppConfig } from '../config/cms-config.js';
import { StatsMetrics } from './stats-metrics.js';

/** Open unless METRICS_TOKEN is set; then only with `Authorization: Bearer <token>`. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = this.config.metricsToken;
    if (token === undefined) return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (bearerTokenMatches(req.get('authorization'), token)) return true;
    throw new UnauthorizedException('metrics need Authorization: Bearer <METRICS_TOKEN>');
  }
}

/** Prometheus scrape endpoint of the site: aggregate numbers only, nothing per user. */
@Controller('metrics')
@UseGuards(MetricsTokenGuard)
export class MetricsController {
  constructor(private readonly metrics: StatsMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
