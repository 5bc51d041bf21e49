import { DEFAULT_ANNOUNCE_POLICY, peerTtlSeconds } from '@tracker/core';
import { ConfigError } from '../config/cms-config.js';

/** Injection token of the SwarmStore the site reads live counts from. */
export const SWARM_STORE = Symbol('SWARM_STORE');
/** Injection token of the Redis connection behind SWARM_STORE (null without REDIS_URL). */
export const SWARM_COUNTS_REDIS = Symbol('SWARM_COUNTS_REDIS');
/** Injection token of the SwarmCountsOptions. */
export const SWARM_COUNTS_OPTIONS = Symbol('SWARM_COUNTS_OPTIONS');

export interface SwarmCountsOptions {
  /**
   * Peers silent longer than this are not counted (Redis purges lazily, so the reader must
   * cut them off itself) and no longer listed on profiles. Must match the announcer's PEER_TTL.
   */
  readonly peerTtlSeconds: number;
  /** How often live seeders/leechers are copied into the torrent rows that browse sorts on. */
  readonly syncMs: number;
  /** Info hashes per store call (and per UPDATE batch) during that copy. */
  readonly syncBatch: number;
}

/**
 * The announcer's default PEER_TTL, from the same function the announcer's config uses
 * (interval 1800 s + jitter, plus half of that), so the two defaults cannot drift apart.
 */
export const DEFAULT_SWARM_COUNTS_OPTIONS: SwarmCountsOptions = {
  peerTtlSeconds: peerTtlSeconds(DEFAULT_ANNOUNCE_POLICY),
  syncMs: 30_000,
  syncBatch: 500,
};

type Env = Record<string, string | undefined>;

/** Pure: PEER_TTL (shared with the announcer) and SWARM_COUNTS_SYNC_SECONDS, validated. */
export function parseSwarmCountsEnv(env: Env): SwarmCountsOptions {
  return {
    ...DEFAULT_SWARM_COUNTS_OPTIONS,
    peerTtlSeconds: integer(env, 'PEER_TTL', DEFAULT_SWARM_COUNTS_OPTIONS.peerTtlSeconds, 60, 7 * 86_400),
    syncMs: integer(env, 'SWARM_COUNTS_SYNC_SECONDS', 30, 1, 3600) * 1000,
  };
}

function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${key} must be a whole number of seconds from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}
