import type { Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { ConnectionIds, UDP_MAX_PEERS4, UDP_MAX_PEERS6, type AnnouncePolicy } from '@tracker/core';
import type { UdpConfig } from '../config/announcer-config.js';
import { RequestBudget } from '../http/request-budget.js';
import type { AnnouncerMetrics } from '../observability/announcer-metrics.js';
import { LogThrottle } from '../observability/log-throttle.js';
import type { Logger } from '../observability/logger.js';
import type { TrackerDeps } from '../tracker/tracker-deps.js';
import { handleDatagram } from './handle-datagram.js';
import { bindUdpSocket } from './udp-bind.js';
import type { UdpContext } from './udp-context.js';

/**
 * Datagrams being answered at once, over all clients. Past it new ones are dropped (counted as
 * `overloaded`): each holds its buffers and a store call, and when the store stalls the
 * backlog must not grow without bound (HTTP has its request timeout for that).
 */
const MAX_IN_FLIGHT = 10_000;

export interface UdpServerOptions {
  readonly deps: TrackerDeps;
  readonly udp: UdpConfig;
  /** ANNOUNCER_HOST: the UDP socket listens where the HTTP server does. */
  readonly host: string | undefined;
  readonly metrics: AnnouncerMetrics;
  readonly logger: Logger;
  readonly isUnavailable: (err: unknown) => boolean;
}

export interface UdpServer {
  readonly port: number;
  /** Drops new datagrams, waits at most `timeoutMs` for those in flight, then closes the socket. */
  close(timeoutMs: number): Promise<void>;
}

/** The UDP tracker (BEP 15) beside the HTTP one, on the same store, registry and policy. */
export async function startUdpServer(options: UdpServerOptions): Promise<UdpServer> {
  const ctx = udpContext(options);
  const socket = await bindUdpSocket(options.host, options.udp.port);
  const sendLog = new LogThrottle();
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;
  socket.on('error', (err) => options.logger.error({ err }, 'UDP socket error'));
  socket.on('message', (datagram, from) => {
    if (draining) return;
    if (inFlight >= MAX_IN_FLIGHT) {
      ctx.metrics.udpRequests.inc({ action: 'unknown', result: 'overloaded', reason: '' });
      return;
    }
    const reply = (answer: Buffer): void => sendTo(socket, answer, from, options.logger, sendLog);
    let work: Promise<void> | undefined;
    try {
      work = handleDatagram(ctx, datagram, from, reply, performance.now());
    } catch (err) {
      // handleDatagram answers every fault itself; a bug here must cost the datagram, not the process.
      options.logger.error({ err }, 'could not handle a UDP datagram');
      return;
    }
    if (work === undefined) return;
    inFlight++;
    void work.finally(() => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
  });
  return {
    port: socket.address().port,
    async close(timeoutMs) {
      draining = true;
      if (inFlight > 0) await new Promise<void>((resolve) => waitForDrain(resolve, timeoutMs));
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };

  function waitForDrain(resolve: () => void, timeoutMs: number): void {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    drained = () => {
      clearTimeout(timer);
      resolve();
    };
  }
}

function udpContext(options: UdpServerOptions): UdpContext {
  const { config } = options.deps;
  const secret = options.udp.secret === undefined ? randomBytes(32) : Buffer.from(options.udp.secret, 'utf8');
  return {
    deps: options.deps,
    metrics: options.metrics,
    logger: options.logger,
    ids: new ConnectionIds(secret),
    budget: config.addressBudget && new RequestBudget(config.addressBudget),
    faultLog: new LogThrottle(),
    isUnavailable: options.isUnavailable,
    announce4: numWantLimits(config.policy, UDP_MAX_PEERS4),
    announce6: numWantLimits(config.policy, UDP_MAX_PEERS6),
  };
}

function numWantLimits(
  policy: AnnouncePolicy,
  maxPeers: number,
): { defaultNumWant: number; maxNumWant: number } {
  const maxNumWant = Math.min(policy.maxNumWant, maxPeers);
  return { defaultNumWant: Math.min(policy.defaultNumWant, maxNumWant), maxNumWant };
}

/** A send that fails (the client's network went away, the socket closed) costs a log line, never the process. */
function sendTo(
  socket: Socket,
  answer: Buffer,
  to: { address: string; port: number },
  logger: Logger,
  log: LogThrottle,
): void {
  try {
    socket.send(answer, to.port, to.address, (err) => {
      if (err === null || err === undefined) return;
      const notLogged = log.admit('send');
      if (notLogged !== undefined) logger.warn({ err, notLogged }, 'UDP answer not sent');
    });
  } catch (err) {
    const notLogged = log.admit('send');
    if (notLogged !== undefined) logger.warn({ err, notLogged }, 'UDP answer not sent');
  }
}
