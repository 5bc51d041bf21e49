import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The announcer's Prometheus metrics on their own registry (not prom-client's global one),
 * so two announcers in one process (tests, embedded mode) never clash.
 */
export class AnnouncerMetrics {
  readonly registry = new Registry();
  /**
   * result: ok | failure | too_soon | rate_limited | unavailable | error; reason: the
   * ClientError code or ''.
   */
  readonly announces = new Counter({
    name: 'tracker_announces_total',
    help: 'Announces answered, by result and failure reason',
    labelNames: ['result', 'reason'] as const,
    registers: [this.registry],
  });
  readonly scrapes = new Counter({
    name: 'tracker_scrapes_total',
    help: 'Scrapes answered, by result and failure reason',
    labelNames: ['result', 'reason'] as const,
    registers: [this.registry],
  });
  /**
   * The UDP tracker (BEP 15). action: connect | announce | scrape | unknown; result: ok |
   * failure | too_soon | rate_limited | unavailable | error, or, for datagrams that got no
   * answer at all, malformed | bad_connection_id | overloaded; reason: the ClientError code or ''.
   */
  readonly udpRequests = new Counter({
    name: 'tracker_udp_requests_total',
    help: 'UDP tracker datagrams, by action, result and failure reason',
    labelNames: ['action', 'result', 'reason'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'tracker_request_duration_seconds',
    help: 'Time from request to response, by route',
    labelNames: ['route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  /** Pre-bound children for the hot path: no label lookup per request. */
  readonly announceOk = this.announces.labels('ok', '');
  readonly announceTooSoon = this.announces.labels('too_soon', 'too_soon');
  readonly scrapeOk = this.scrapes.labels('ok', '');
  readonly announceRateLimited = this.announces.labels('rate_limited', '');
  readonly scrapeRateLimited = this.scrapes.labels('rate_limited', '');
  readonly latencyOf: Readonly<Record<string, { observe(seconds: number): void }>> = {
    announce: this.latency.labels('announce'),
    scrape: this.latency.labels('scrape'),
    healthz: this.latency.labels('healthz'),
    metrics: this.latency.labels('metrics'),
    not_found: this.latency.labels('not_found'),
    udp_announce: this.latency.labels('udp_announce'),
    udp_scrape: this.latency.labels('udp_scrape'),
  };
  readonly peers = new Gauge({
    name: 'tracker_active_peers',
    help: 'Live peers over all swarms (sampled when /metrics is read)',
    registers: [this.registry],
  });
  readonly seeders = new Gauge({
    name: 'tracker_active_seeders',
    help: 'Live seeders',
    registers: [this.registry],
  });
  readonly leechers = new Gauge({
    name: 'tracker_active_leechers',
    help: 'Live leechers',
    registers: [this.registry],
  });
  readonly swarms = new Gauge({
    name: 'tracker_swarms',
    help: 'Swarms with stored peers',
    registers: [this.registry],
  });
  readonly budgetAddresses = new Gauge({
    name: 'tracker_budget_addresses',
    help: 'Client addresses the per-address request budget remembers (sampled when /metrics is read)',
    registers: [this.registry],
  });
  readonly streamLength = new Gauge({
    name: 'tracker_stats_stream_length',
    help: 'Entries in the stats stream not yet trimmed by the CMS (-1 in embedded mode)',
    registers: [this.registry],
  });
}
