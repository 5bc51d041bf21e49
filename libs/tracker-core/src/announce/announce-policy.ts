import type { AnnounceEvent } from '../swarm/swarm-store.js';

/** How often clients re-announce and how many peers they get. Validated once at boot. */
export interface AnnouncePolicy {
  /** Base re-announce interval sent to clients, in seconds. */
  readonly intervalSeconds: number;
  /** Each response's interval is spread by up to ± this many seconds, so swarms do not re-announce in lockstep. */
  readonly intervalJitterSeconds: number;
  /** Plain re-announces sooner than this are refused. */
  readonly minIntervalSeconds: number;
  /** Peers returned when the client sends no numwant. */
  readonly defaultNumWant: number;
  /** Upper bound on numwant, whatever the client asks. */
  readonly maxNumWant: number;
}

export const DEFAULT_ANNOUNCE_POLICY: AnnouncePolicy = Object.freeze({
  intervalSeconds: 1800,
  intervalJitterSeconds: 120,
  minIntervalSeconds: 300,
  defaultNumWant: 50,
  maxNumWant: 200,
});

/**
 * Throws an Error naming the first bad field: the policy is read at boot, and a bad value
 * must stop the start with one clear line rather than surface as odd client behaviour.
 */
export function validateAnnouncePolicy(policy: AnnouncePolicy): AnnouncePolicy {
  const positive = ['intervalSeconds', 'maxNumWant'] as const;
  const nonNegative = ['intervalJitterSeconds', 'minIntervalSeconds', 'defaultNumWant'] as const;
  for (const field of positive) {
    if (!Number.isSafeInteger(policy[field]) || policy[field] <= 0) {
      throw new Error(`announce policy: ${field} must be a positive integer, got ${policy[field]}`);
    }
  }
  for (const field of nonNegative) {
    if (!Number.isSafeInteger(policy[field]) || policy[field] < 0) {
      throw new Error(`announce policy: ${field} must be a non-negative integer, got ${policy[field]}`);
    }
  }
  if (policy.intervalSeconds - policy.intervalJitterSeconds < policy.minIntervalSeconds) {
    throw new Error('announce policy: intervalSeconds - intervalJitterSeconds must be >= minIntervalSeconds');
  }
  if (policy.defaultNumWant > policy.maxNumWant) {
    throw new Error('announce policy: defaultNumWant must be <= maxNumWant');
  }
  return policy;
}

/** The client's numwant with the default applied and capped; a stopping peer needs none. */
export function resolveNumWant(
  requested: number | undefined,
  event: AnnounceEvent,
  limits: Pick<AnnouncePolicy, 'defaultNumWant' | 'maxNumWant'>,
): number {
  if (event === 'stopped') return 0;
  if (requested === undefined) return limits.defaultNumWant;
  return requested > limits.maxNumWant ? limits.maxNumWant : requested;
}

export interface AnnounceIntervals {
  readonly interval: number;
  readonly minInterval: number;
}

/**
 * The interval for one response: the base spread uniformly by ± jitter. `random` returns
 * [0, 1) like Math.random, injected so tests are deterministic.
 */
export function announceIntervals(policy: AnnouncePolicy, random: () => number): AnnounceIntervals {
  const spread = Math.floor(random() * (2 * policy.intervalJitterSeconds + 1)) - policy.intervalJitterSeconds;
  const interval = Math.max(policy.minIntervalSeconds, policy.intervalSeconds + spread);
  return { interval, minInterval: policy.minIntervalSeconds };
}

/**
 * How long a silent peer stays in the swarm: the longest interval we may have handed out
 * plus a grace period for slow or retrying clients.
 */
export function peerTtlSeconds(policy: AnnouncePolicy): number {
  const longest = policy.intervalSeconds + policy.intervalJitterSeconds;
  return longest + Math.max(60, Math.ceil(longest / 2));
}
