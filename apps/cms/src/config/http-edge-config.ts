import { isIP } from 'node:net';

/**
 * What the site's HTTP edge takes from the environment: which proxies to believe, and the
 * bounds that keep slow or numerous connections from taking the site offline.
 */
export interface HttpEdgeConfig {
  /** IP literals of the reverse proxies whose X-Forwarded-Proto/-For are believed. */
  readonly trustProxy: readonly string[];
  /** The request line and headers must arrive within this (from the connection or the previous response). */
  readonly headersTimeoutMs: number;
  /** A form or JSON body must arrive within this, counted from the start of the request. */
  readonly bodyTimeoutMs: number;
  /** The same for a release upload by a logged-in uploader (10 MB over a slow link). */
  readonly uploadTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections in all; more are closed on accept. */
  readonly maxConnections: number;
  /** Open connections from one client address (trusted proxies are exempt); more are closed on accept. */
  readonly maxConnectionsPerIp: number;
}

export const DEFAULT_HTTP_EDGE: HttpEdgeConfig = Object.freeze({
  trustProxy: Object.freeze([]),
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  uploadTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 10_000,
  maxConnectionsPerIp: 128,
});

type Env = Record<string, string | undefined>;

/** Thrown with one line naming the variable; cms-config wraps it into its ConfigError. */
export class HttpEdgeConfigError extends Error {
  override readonly name = 'HttpEdgeConfigError';
}

function positiveInteger(env: Env, key: string, fallback: number, max: number): number {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) {
    throw new HttpEdgeConfigError(`${key} must be a whole number from 1 to ${max} (got "${raw}")`);
  }
  return value;
}

function trustProxy(env: Env): string[] {
  const list = (env['TRUST_PROXY'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const ip of list) {
    if (isIP(ip) === 0) {
      throw new HttpEdgeConfigError(`TRUST_PROXY must list proxy IP addresses, got "${ip}"`);
    }
  }
  return list;
}

const HOUR_MS = 3_600_000;

/** Pure: the edge settings of the given environment, validated. */
export function parseHttpEdgeConfig(env: Env): HttpEdgeConfig {
  const d = DEFAULT_HTTP_EDGE;
  const config: HttpEdgeConfig = {
    trustProxy: Object.freeze(trustProxy(env)),
    headersTimeoutMs: positiveInteger(env, 'CMS_HEADERS_TIMEOUT_MS', d.headersTimeoutMs, HOUR_MS),
    bodyTimeoutMs: positiveInteger(env, 'CMS_BODY_TIMEOUT_MS', d.bodyTimeoutMs, HOUR_MS),
    uploadTimeoutMs: positiveInteger(env, 'CMS_UPLOAD_TIMEOUT_MS', d.uploadTimeoutMs, HOUR_MS),
    keepAliveTimeoutMs: d.keepAliveTimeoutMs,
    maxConnections: positiveInteger(env, 'CMS_MAX_CONNECTIONS', d.maxConnections, 1_000_000),
    maxConnectionsPerIp: positiveInteger(env, 'CMS_MAX_CONNECTIONS_PER_IP', d.maxConnectionsPerIp, 1_000_000),
  };
  // Node refuses a whole-request timeout shorter than the headers timeout, and a body bound
  // longer than the upload bound would make uploads the faster-cut requests.
  if (config.bodyTimeoutMs > config.uploadTimeoutMs) {
    throw new HttpEdgeConfigError('CMS_BODY_TIMEOUT_MS must not be longer than CMS_UPLOAD_TIMEOUT_MS');
  }
  if (config.headersTimeoutMs > config.uploadTimeoutMs) {
    throw new HttpEdgeConfigError('CMS_HEADERS_TIMEOUT_MS must not be longer than CMS_UPLOAD_TIMEOUT_MS');
  }
  return Object.freeze(config);
}
