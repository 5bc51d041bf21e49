import type { IncomingMessage } from 'node:http';
import { isClientError, resolvePeerIp } from '@tracker/core';

/**
 * The address a request is charged to: the TCP peer, or behind a trusted proxy the client
 * address the proxy forwarded (resolved as announces resolve it), never the proxy itself.
 * Undefined when there is nobody to charge: the socket is gone, or a trusted proxy sent no
 * usable client address (its own requests); such requests are not budgeted.
 */
export function budgetAddress(req: IncomingMessage, trustProxy: readonly string[]): string | undefined {
  const socketAddress = req.socket.remoteAddress;
  // Without proxies the string Node already holds for the socket is the key: no allocation.
  if (trustProxy.length === 0) return socketAddress;
  try {
    const ip = resolvePeerIp({ socketAddress, forwardedFor: req.headers['x-forwarded-for'], trustProxy });
    return ip.toString('latin1');
  } catch (err) {
    if (isClientError(err)) return undefined;
    throw err;
  }
}
