import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { bearerTokenMatches, isClientError } from '@tracker/core';
import type { Logger } from '../observability/logger.js';
import type { AnnouncerMetrics } from '../observability/announcer-metrics.js';
import { LogThrottle } from '../observability/log-throttle.js';
import { maskPasskeys } from '../observability/mask-passkeys.js';
import { serveAnnounce } from '../tracker/announce-service.js';
import { serveScrape } from '../tracker/scrape-service.js';
import type { TrackerDeps } from '../tracker/tracker-deps.js';
import { budgetAddress } from './budget-address.js';
import { clientErrorHandler } from './client-error-handler.js';
import { failureAnswers, type FailureAnswers } from './failure-answers.js';
import { RequestBudget } from './request-budget.js';
import { routeRequest, type Route } from './route-request.js';
import { sendBencoded, sendFailure, sendText } from './send-response.js';

export interface HttpLimits {
  /** Request line plus headers, bytes. */
  readonly maxHeaderBytes: number;
  /** A client must finish sending headers within this. */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxHeaderBytes: 8192,
  headersTimeoutMs: 5000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5000,
};

export interface TrackerServerContext {
  readonly deps: TrackerDeps;
  readonly metrics: AnnouncerMetrics;
  readonly logger: Logger;
  /** True when the backing store answers (GET /healthz). */
  readonly healthy: () => Promise<boolean>;
  /** Refreshes the sampled gauges before /metrics is rendered. */
  readonly refreshGauges: () => Promise<void>;
  /** True when a fault means the store is away (answered "temporarily unavailable"). */
  readonly isUnavailable: (err: unknown) => boolean;
  readonly draining: () => boolean;
}

/** What the request handlers share: the context plus this server's own state, built once. */
interface ServerState extends TrackerServerContext {
  readonly faultLog: LogThrottle;
  readonly answers: FailureAnswers;
  /** Undefined when ANNOUNCE_RATE_PER_IP is 0. */
  readonly budget: RequestBudget | undefined;
}

export function createTrackerServer(context: TrackerServerContext, limits: HttpLimits): http.Server {
  const { config } = context.deps;
  const ctx: ServerState = {
    ...context,
    faultLog: new LogThrottle(),
    answers: failureAnswers(config.policy),
    budget: config.addressBudget && new RequestBudget(config.addressBudget),
  };
  const server = http.createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Timeouts are checked on this period: the default 30 s would let slow clients linger.
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
      noDelay: true,
    },
    (req, res) => {
      // handle() answers every error itself; this only catches a failure while answering,
      // which must cost the connection, never the process.
      handle(ctx, req, res).catch((err: unknown) => {
        ctx.logger.error({ err }, 'could not answer a request');
        res.destroy();
      });
    },
  );
  server.maxHeadersCount = 64;
  server.on('clientError', clientErrorHandler(ctx.answers.final));
  return server;
}

async function handle(ctx: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const route = routeRequest(req.url ?? '/');
  try {
    await dispatch(ctx, req, res, route, started);
  } catch (err) {
    answerFault(ctx, req, res, route, err);
  } finally {
    ctx.metrics.latencyOf[route.kind]?.observe((performance.now() - started) / 1000);
  }
}

async function dispatch(
  ctx: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  started: number,
): Promise<void> {
  const close = ctx.draining();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendFailure(res, 'only GET is supported', ctx.answers.final, close);
    return;
  }
  switch (route.kind) {
    case 'announce': {
      if (!withinBudget(ctx, req, started)) {
        ctx.metrics.announceRateLimited.inc();
        sendBencoded(res, ctx.answers.rateLimited, close);
        return;
      }
      const origin = {
        socketAddress: req.socket.remoteAddress,
        forwardedFor: req.headers['x-forwarded-for'],
      };
      const outcome = await serveAnnounce(ctx.deps, route.passkey, route.rawQuery, origin);
      (outcome.result === 'ok' ? ctx.metrics.announceOk : ctx.metrics.announceTooSoon).inc();
      sendBencoded(res, outcome.body, close);
      return;
    }
    case 'scrape': {
      if (!withinBudget(ctx, req, started)) {
        ctx.metrics.scrapeRateLimited.inc();
        sendBencoded(res, ctx.answers.rateLimited, close);
        return;
      }
      const body = await serveScrape(ctx.deps, route.passkey, route.rawQuery);
      ctx.metrics.scrapeOk.inc();
      sendBencoded(res, body, close);
      return;
    }
    case 'healthz': {
      const ok = await ctx.healthy();
      sendText(
        res,
        ok ? 200 : 503,
        'application/json',
        ok ? '{"status":"ok"}' : '{"status":"unavailable"}',
        close,
      );
      return;
    }
    case 'metrics':
      if (!metricsAllowed(req, ctx.deps.config.metricsToken)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer', 'cache-control': 'no-store' });
        res.end('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
        return;
      }
      await ctx.refreshGauges();
      ctx.metrics.budgetAddresses.set(ctx.budget?.size ?? 0);
      sendText(res, 200, ctx.metrics.registry.contentType, await ctx.metrics.registry.metrics(), close);
      return;
    default:
      sendFailure(res, 'not found: announce at /announce, scrape at /scrape', ctx.answers.final, close);
  }
}

/** Charges one request (arrived at `now`, performance.now() ms) to its client address. */
function withinBudget(ctx: ServerState, req: IncomingMessage, now: number): boolean {
  if (ctx.budget === undefined) return true;
  const address = budgetAddress(req, ctx.deps.config.trustProxy);
  return address === undefined || ctx.budget.admit(address, now);
}

/** Client mistakes get their reason; everything else is logged and answered generically. */
function answerFault(
  ctx: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  err: unknown,
): void {
  const counter = route.kind === 'scrape' ? ctx.metrics.scrapes : ctx.metrics.announces;
  let reason: string;
  let intervals = ctx.answers.final;
  if (isClientError(err)) {
    reason = err.message;
    if (route.kind === 'announce' || route.kind === 'scrape')
      counter.inc({ result: 'failure', reason: err.code });
  } else {
    const unavailable = ctx.isUnavailable(err);
    const result = unavailable ? 'unavailable' : 'error';
    reason = unavailable ? 'tracker temporarily unavailable' : 'internal server error';
    intervals = ctx.answers.retryLater;
    counter.inc({ result, reason: '' });
    const notLogged = ctx.faultLog.admit(result);
    if (notLogged !== undefined) {
      const url = maskPasskeys(req.url ?? '');
      ctx.logger.error({ err, url, route: route.kind, notLogged }, 'request failed');
    }
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendFailure(res, reason, intervals, ctx.draining());
}

/** Open unless METRICS_TOKEN is set; then only with `Authorization: Bearer <token>`. */
function metricsAllowed(req: IncomingMessage, token: string | undefined): boolean {
  return token === undefined || bearerTokenMatches(req.headers.authorization, token);
}
