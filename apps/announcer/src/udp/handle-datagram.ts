import {
  announceIntervals,
  encodeUdpAnnounce,
  encodeUdpConnect,
  encodeUdpError,
  encodeUdpScrape,
  isClientError,
  parseIpAddress,
  parseUdpAnnounce,
  parseUdpScrape,
  readUdpHeader,
  requirePasskey,
  UDP_ACTION,
  type UdpRequestHeader,
} from '@tracker/core';
import { RATE_LIMITED_REASON } from '../http/failure-answers.js';
import { announceToSwarm, tooSoonReason } from '../tracker/announce-service.js';
import type { UdpContext, UdpSource } from './udp-context.js';
import { passkeyFromUrlData } from './udp-passkey.js';

type Action = 'announce' | 'scrape' | 'unknown';
type Reply = (datagram: Buffer) => void;

/**
 * One datagram. Until the sender has proven it receives at its address (by presenting a
 * connection id we sent there), it gets at most a 16-byte connect answer to a connect
 * request, never more than it sent, so a forged source address buys no amplification; and
 * nothing it sends reaches the swarm, the registry or the address budget (a forged address
 * must not spend a real client's budget). Everything else is dropped without an answer:
 * too short, a connect without the protocol id, a connection id that is wrong or expired.
 *
 * Returns a promise only when swarm work was started (for the caller's in-flight count).
 * Never throws: bad input and faults are answered or counted here.
 */
export function handleDatagram(
  ctx: UdpContext,
  datagram: Buffer,
  from: UdpSource,
  reply: Reply,
  startedMs: number,
): Promise<void> | undefined {
  const header = readUdpHeader(datagram);
  const ip = header === undefined ? undefined : parseIpAddress(from.address);
  if (header === undefined || ip === undefined) {
    count(ctx, 'unknown', 'malformed');
    return undefined;
  }
  const now = ctx.deps.clock();
  if (header.kind === 'connect') {
    reply(encodeUdpConnect(header.transactionId, ctx.ids.mint(ip, from.port, now)));
    count(ctx, 'connect', 'ok');
    return undefined;
  }
  const action = actionOf(header.action);
  if (!ctx.ids.accepts(header.connectionId, ip, from.port, now)) {
    count(ctx, action, 'bad_connection_id');
    return undefined;
  }
  // The sender has proven its address from here on: failures are answered.
  if (action === 'unknown') {
    reply(encodeUdpError(header.transactionId, 'unknown action: 1 is announce, 2 is scrape'));
    count(ctx, 'unknown', 'failure', 'unknown_action');
    return undefined;
  }
  if (ctx.budget !== undefined && !ctx.budget.admit(from.address, startedMs)) {
    reply(encodeUdpError(header.transactionId, RATE_LIMITED_REASON));
    count(ctx, action, 'rate_limited');
    return undefined;
  }
  const work =
    action === 'announce' ? serveAnnounce(ctx, header, datagram, ip) : serveScrape(ctx, header, datagram);
  return work
    .then(reply, (err: unknown) => reply(answerFault(ctx, action, header, err)))
    .finally(() => ctx.metrics.latencyOf[`udp_${action}`]?.observe((performance.now() - startedMs) / 1000));
}

async function serveAnnounce(
  ctx: UdpContext,
  header: UdpRequestHeader,
  datagram: Buffer,
  ip: Buffer,
): Promise<Buffer> {
  const { config } = ctx.deps;
  const { request, urlData } = parseUdpAnnounce(datagram, ip.length === 4 ? ctx.announce4 : ctx.announce6);
  const passkey = config.mode === 'private' ? requirePasskey(passkeyFromUrlData(urlData)) : undefined;
  const swarm = await announceToSwarm(ctx.deps, passkey, request, ip);
  if (swarm.status === 'too_soon') {
    count(ctx, 'announce', 'too_soon', 'too_soon');
    return encodeUdpError(header.transactionId, tooSoonReason(config, swarm));
  }
  const { interval } = announceIntervals(config.policy, ctx.deps.random);
  const peers = ip.length === 4 ? swarm.peers4 : swarm.peers6;
  count(ctx, 'announce', 'ok');
  return encodeUdpAnnounce(
    header.transactionId,
    { interval, complete: swarm.complete, incomplete: swarm.incomplete, peers },
    ip.length === 4 ? 4 : 16,
  );
}

/**
 * A UDP scrape has no room for BEP 41 options, so it carries no passkey: in private mode it
 * is refused as a passkey-less HTTP scrape is (clients scrape over HTTP, or not at all).
 */
async function serveScrape(ctx: UdpContext, header: UdpRequestHeader, datagram: Buffer): Promise<Buffer> {
  const { config } = ctx.deps;
  if (config.mode === 'private') requirePasskey(undefined);
  const { infoHashes } = parseUdpScrape(datagram, { maxHashes: config.scrapeMaxHashes });
  const counts = await ctx.deps.store.scrape(infoHashes);
  count(ctx, 'scrape', 'ok');
  return encodeUdpScrape(header.transactionId, counts);
}

/** Client mistakes get their reason; everything else is logged (throttled) and answered generically. */
function answerFault(ctx: UdpContext, action: Action, header: UdpRequestHeader, err: unknown): Buffer {
  if (isClientError(err)) {
    count(ctx, action, 'failure', err.code);
    return encodeUdpError(header.transactionId, err.message);
  }
  const unavailable = ctx.isUnavailable(err);
  const result = unavailable ? 'unavailable' : 'error';
  count(ctx, action, result);
  const notLogged = ctx.faultLog.admit(`udp_${result}`);
  if (notLogged !== undefined) ctx.logger.error({ err, action, notLogged }, 'UDP request failed');
  return encodeUdpError(
    header.transactionId,
    unavailable ? 'tracker temporarily unavailable' : 'internal server error',
  );
}

function actionOf(code: number): Action {
  if (code === UDP_ACTION.announce) return 'announce';
  if (code === UDP_ACTION.scrape) return 'scrape';
  return 'unknown';
}

function count(ctx: UdpContext, action: Action | 'connect', result: string, reason = ''): void {
  ctx.metrics.udpRequests.inc({ action, result, reason });
}
