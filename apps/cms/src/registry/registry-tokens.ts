/** Injection token of the RegistryStore the site publishes into. */
export const REGISTRY_STORE = Symbol('REGISTRY_STORE');
/** Injection token of the RegistryPublisher timings (tests shorten them). */
export const REGISTRY_TIMINGS = Symbol('REGISTRY_TIMINGS');

export interface RegistryTimings {
  /** Outbox poll when idle; changes made by other processes show up within this. */
  readonly pollMs: number;
  readonly maxBackoffMs: number;
  /** Full reconciliation period (also run once at start). */
  readonly reconcileMs: number;
  /**
   * Heartbeat and epoch check period: how soon a Redis that restarted empty is noticed when
   * the reconnect itself is missed (each reconnect checks at once).
   */
  readonly epochCheckMs: number;
}

export const DEFAULT_REGISTRY_TIMINGS: RegistryTimings = {
  pollMs: 200,
  maxBackoffMs: 5000,
  reconcileMs: 5 * 60_000,
  epochCheckMs: 1000,
};
