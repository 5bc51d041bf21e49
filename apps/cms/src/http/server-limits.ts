import type { Server } from 'node:http';
import type { HttpEdgeConfig } from '../config/cms-config.js';
import { limitConnections } from './connection-limits.js';

/** How often Node looks for expired requests; its 30 s default would let stalled sockets linger. */
const CONNECTIONS_CHECK_MS = 1000;

/**
 * Node's defaults (60 s for headers, 300 s for a request, no connection cap) let a few
 * thousand stalled sockets hold the site. Headers get a short bound; the whole-request bound
 * is the upload bound, the longest any request may take, and bodyDeadline() cuts every
 * other body much sooner. Must run before listen(): the checking interval is read then.
 */
export function applyServerLimits(server: Server, edge: HttpEdgeConfig): void {
  server.headersTimeout = edge.headersTimeoutMs;
  server.requestTimeout = edge.uploadTimeoutMs;
  server.keepAliveTimeout = edge.keepAliveTimeoutMs;
  // A creation option in Node's types, but a plain property read when the server starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    CONNECTIONS_CHECK_MS,
    edge.headersTimeoutMs,
  );
  limitConnections(server, {
    maxConnections: edge.maxConnections,
    maxConnectionsPerIp: edge.maxConnectionsPerIp,
    exempt: edge.trustProxy,
  });
}
