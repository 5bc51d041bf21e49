import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Open connections in all (Node closes any further one on accept). */
  readonly maxConnections: number;
  /** Open connections from one client address. */
  readonly maxConnectionsPerIp: number;
  /** Addresses never capped per address: the reverse proxies every client comes through. */
  readonly exempt: readonly string[];
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client (a dual-stack listener reports the former). */
export function clientAddressKey(address: string | undefined): string {
  if (address === undefined) return '';
  return address.toLowerCase().startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Caps open connections in all and per client address, so that one address holding thousands
 * of stalled sockets can neither exhaust the process's file descriptors (every accept then
 * fails and the whole site is reset) nor crowd out everyone else. An over-cap socket is
 * destroyed at once, before a byte of it is read; the timeouts bound how long the ones under
 * the cap can stall.
 */
export function limitConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  const exempt = new Set(limits.exempt.map(clientAddressKey));
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const key = clientAddressKey(socket.remoteAddress);
    if (exempt.has(key)) return;
    const count = (open.get(key) ?? 0) + 1;
    if (count > limits.maxConnectionsPerIp) return void socket.destroy();
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}
