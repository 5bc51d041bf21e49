import os from 'node:os';
import { isIP } from 'node:net';
import {
  bearerTokenProblem,
  peerTtlSeconds,
  validateAnnouncePolicy,
  type AnnouncePolicy,
} from '@tracker/core';
import { DEFAULT_REDIS_PREFIX } from '@tracker/redis';
import { readInt, readEnum, readString } from './env-readers.js';

export type TrackerMode = 'private' | 'open';
/**
 * How an announcer on Redis answers (ANNOUNCER_BACKEND, ADR 0019): `redis-script`, one atomic
 * script per announce (ADR 0002); `memory-sync`, from its own memory, written to Redis in batches.
 */
export type AnnouncerBackendKind = 'redis-script' | 'memory-sync';
export const ANNOUNCER_BACKENDS: readonly AnnouncerBackendKind[] = ['redis-script', 'memory-sync'];
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Everything the announcer reads from its environment, validated once at boot. */
export interface AnnouncerConfig {
  /**
   * Listen address; undefined (ANNOUNCER_HOST unset) listens on every address, IPv6 and IPv4
   * where the system has IPv6 (Node's own choice), so IPv6 peers can reach the tracker.
   */
  readonly host: string | undefined;
  readonly port: number;
  /** Unset: embedded mode (in-process swarm store and registry). */
  readonly redisUrl: string | undefined;
  readonly redisPrefix: string;
  /** Only with `redisUrl`; the embedded mode is always in memory. */
  readonly backend: AnnouncerBackendKind;
  readonly mode: TrackerMode;
  /** IP literals of reverse proxies whose X-Forwarded-For is believed. */
  readonly trustProxy: readonly string[];
  readonly policy: AnnouncePolicy;
  readonly scrapeMaxHashes: number;
  readonly peerTtlSeconds: number;
  /** How long registry answers are reused in-process (bounds how late a ban takes effect). */
  readonly registryCacheMs: number;
  readonly logLevel: LogLevel;
  /** Written into every stats entry, to tell instances apart. */
  readonly instance: string;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  readonly metricsToken: string | undefined;
  /** Announces and scrapes each client address may make; undefined: no limit. */
  readonly addressBudget: AddressBudget | undefined;
  /**
   * Fastest transfer credited, bytes per second (MAX_CREDIT_RATE): a delta beyond it over the
   * time since the peer's previous announce is held, not credited (the SwarmStore contract).
   */
  readonly maxCreditRate: number;
  /** Live peers one member may have per torrent in private mode (MAX_PEERS_PER_USER); 0: no limit. */
  readonly maxPeersPerUser: number;
  /** The UDP tracker (BEP 15) beside the HTTP one; undefined (ANNOUNCER_UDP_PORT unset): off. */
  readonly udp: UdpConfig | undefined;
}

/** ANNOUNCER_UDP_PORT, ANNOUNCER_UDP_SECRET. The UDP socket listens on ANNOUNCER_HOST too. */
export interface UdpConfig {
  /** 0 picks a free port (tests). */
  readonly port: number;
  /**
   * Key of the connection ids; undefined: random per process. Announcers behind one address
   * must share it, or each refuses the ids the others handed out.
   */
  readonly secret: string | undefined;
}

/** 128 MiB/s, about 1 Gbit/s: more than a home or seedbox link sustains for a whole interval. */
const DEFAULT_MAX_CREDIT_RATE = 134_217_728;

/** A token bucket per client address (ANNOUNCE_RATE_PER_IP, ANNOUNCE_BURST_PER_IP). */
export interface AddressBudget {
  readonly ratePerSecond: number;
  readonly burst: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and validates the environment once, at boot. Throws one readable line on bad input. */
export function loadAnnouncerConfig(env: NodeJS.ProcessEnv): AnnouncerConfig {
  const interval = readInt(env, 'ANNOUNCE_INTERVAL', 1800, 60, 86_400);
  const minInterval = readInt(env, 'MIN_INTERVAL', Math.min(300, interval), 0, interval);
  const defaultNumWant = readInt(env, 'NUMWANT_DEFAULT', 50, 0, 1000);
  const policy = validateAnnouncePolicy({
    intervalSeconds: interval,
    // Spread re-announces by up to 10 % (at most 2 min), never below the minimum interval.
    intervalJitterSeconds: Math.min(120, Math.floor(interval / 10), interval - minInterval),
    minIntervalSeconds: minInterval,
    defaultNumWant,
    maxNumWant: readInt(env, 'NUMWANT_MAX', Math.max(200, defaultNumWant), Math.max(1, defaultNumWant), 1000),
  });
  return {
    host: readString(env, 'ANNOUNCER_HOST', '') || undefined,
    port: readInt(env, 'ANNOUNCER_PORT', 3001, 0, 65_535),
    redisUrl: readRedisUrl(env),
    redisPrefix: readString(env, 'REDIS_PREFIX', DEFAULT_REDIS_PREFIX),
    backend: readBackend(env),
    mode: readEnum(env, 'TRACKER_MODE', ['private', 'open'] as const, 'private'),
    trustProxy: readTrustProxy(env),
    policy,
    scrapeMaxHashes: readInt(env, 'SCRAPE_MAX_HASHES', 64, 1, 1000),
    peerTtlSeconds: readInt(env, 'PEER_TTL', peerTtlSeconds(policy), interval, 7 * 86_400),
    registryCacheMs: readInt(env, 'REGISTRY_CACHE_MS', 2000, 0, 60_000),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    instance: readInstance(env, `${os.hostname()}-${process.pid}`),
    metricsToken: readMetricsToken(env),
    addressBudget: readAddressBudget(env),
    // Up to 1 TiB/s: a typo of a few digits too many still stops the start.
    maxCreditRate: readInt(env, 'MAX_CREDIT_RATE', DEFAULT_MAX_CREDIT_RATE, 1, 2 ** 40),
    maxPeersPerUser: readInt(env, 'MAX_PEERS_PER_USER', 3, 0, 1000),
    udp: readUdp(env),
  };
}

function readRedisUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env['REDIS_URL'];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('REDIS_URL must be a URL like redis://host:6379');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new Error(`REDIS_URL must start with redis:// or rediss://, got "${url.protocol}"`);
  return raw;
}

function readBackend(env: NodeJS.ProcessEnv): AnnouncerBackendKind {
  const backend = readEnum(env, 'ANNOUNCER_BACKEND', ANNOUNCER_BACKENDS, 'redis-script');
  if (backend === 'memory-sync' && (env['REDIS_URL'] ?? '') === '')
    throw new Error(
      'ANNOUNCER_BACKEND=memory-sync needs REDIS_URL (without it the announcer is in memory anyway)',
    );
  return backend;
}

function readTrustProxy(env: NodeJS.ProcessEnv): string[] {
  const list = (env['TRUST_PROXY'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const ip of list) {
    if (isIP(ip) === 0) throw new Error(`TRUST_PROXY must list proxy IP addresses, got "${ip}"`);
  }
  return list;
}

/** Travels in every stats entry and in each packed announce (at most 255 bytes there). */
const INSTANCE_PATTERN = /^[A-Za-z0-9._:@-]{1,64}$/;

function readInstance(env: NodeJS.ProcessEnv, fallback: string): string {
  const instance = readString(env, 'ANNOUNCER_INSTANCE', fallback.slice(0, 64));
  if (!INSTANCE_PATTERN.test(instance))
    throw new Error(`ANNOUNCER_INSTANCE must be 1 to 64 of A-Z a-z 0-9 . _ : @ -, got "${instance}"`);
  return instance;
}

function readMetricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = readString(env, 'METRICS_TOKEN', '');
  if (token === '') return undefined;
  const problem = bearerTokenProblem(token);
  if (problem !== undefined) throw new Error(`METRICS_TOKEN ${problem}`);
  return token;
}

/**
 * 50 requests/s with bursts of 1000 by default: a NAT of ~4,000 members announcing 20 torrents
 * every 30 minutes averages 45/s, and a seedbox restarting with 1,000 torrents announces them
 * all at once; one address flooding thousands a second is cut to 50. 0 turns it off.
 */
function readAddressBudget(env: NodeJS.ProcessEnv): AddressBudget | undefined {
  const ratePerSecond = readInt(env, 'ANNOUNCE_RATE_PER_IP', 50, 0, 1_000_000);
  const burst = readInt(env, 'ANNOUNCE_BURST_PER_IP', 1000, 1, 1_000_000);
  return ratePerSecond === 0 ? undefined : { ratePerSecond, burst };
}

function readUdp(env: NodeJS.ProcessEnv): UdpConfig | undefined {
  const secret = readString(env, 'ANNOUNCER_UDP_SECRET', '') || undefined;
  if (secret !== undefined && secret.length < 16)
    throw new Error('ANNOUNCER_UDP_SECRET must be at least 16 characters');
  if ((env['ANNOUNCER_UDP_PORT'] ?? '') === '') {
    if (secret !== undefined) throw new Error('ANNOUNCER_UDP_SECRET is set but ANNOUNCER_UDP_PORT is not');
    return undefined;
  }
  return { port: readInt(env, 'ANNOUNCER_UDP_PORT', 0, 0, 65_535), secret };
}
