import type { ConnectionIds, UdpAnnounceParseOptions } from '@tracker/core';
import type { RequestBudget } from '../http/request-budget.js';
import type { AnnouncerMetrics } from '../observability/announcer-metrics.js';
import type { LogThrottle } from '../observability/log-throttle.js';
import type { Logger } from '../observability/logger.js';
import type { TrackerDeps } from '../tracker/tracker-deps.js';

/** What answering one datagram needs; built once per server. */
export interface UdpContext {
  readonly deps: TrackerDeps;
  readonly metrics: AnnouncerMetrics;
  readonly logger: Logger;
  readonly ids: ConnectionIds;
  /** The HTTP side's kind of budget, its own instance; undefined when ANNOUNCE_RATE_PER_IP is 0. */
  readonly budget: RequestBudget | undefined;
  readonly faultLog: LogThrottle;
  /** True when a fault means the store is away (answered "temporarily unavailable"). */
  readonly isUnavailable: (err: unknown) => boolean;
  /** numwant limits per family: the policy's, capped so an answer fits one 1500-byte frame. */
  readonly announce4: UdpAnnounceParseOptions;
  readonly announce6: UdpAnnounceParseOptions;
}

/** Where a datagram came from, as node:dgram reports it. */
export interface UdpSource {
  readonly address: string;
  readonly port: number;
}
