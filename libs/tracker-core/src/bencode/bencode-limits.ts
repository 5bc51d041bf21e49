/** Bounds applied to untrusted bencode before anything is decoded. */
export interface BencodeLimits {
  /** Largest accepted input in bytes. */
  maxBytes: number;
  /** Deepest accepted nesting of lists and dictionaries (the top-level container is depth 1). */
  maxDepth: number;
  /** Most values (including dictionary keys) accepted in one input. */
  maxItems: number;
  /** Most keys in any one dictionary (an object with a million keys is slow to build and to walk). */
  maxDictKeys: number;
  /**
   * Canonical form: dictionary keys valid UTF-8, sorted by raw bytes and unique. Needed wherever the
   * exact bytes matter (the info dictionary), because re-encoding a non-canonical value changes it.
   * Duplicate keys, leading zeros and `-0` are refused in either mode: their meaning is ambiguous.
   */
  canonical: boolean;
}

/**
 * The library decoder recurses once per nesting level; capping depth here keeps it far from the
 * stack limit whatever a caller configures.
 */
export const HARD_MAX_DEPTH = 512;

export const DEFAULT_BENCODE_LIMITS: Readonly<BencodeLimits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 64,
  maxItems: 1_000_000,
  maxDictKeys: 100_000,
  canonical: true,
});

export function resolveBencodeLimits(overrides: Partial<BencodeLimits> = {}): BencodeLimits {
  const limits = { ...DEFAULT_BENCODE_LIMITS, ...overrides };
  for (const key of ['maxBytes', 'maxDepth', 'maxItems', 'maxDictKeys'] as const) {
    if (!Number.isSafeInteger(limits[key]) || limits[key] < 1) {
      throw new RangeError(`bencode limit ${key} must be a positive integer, got ${String(limits[key])}`);
    }
  }
  if (limits.maxDepth > HARD_MAX_DEPTH) {
    throw new RangeError(`bencode limit maxDepth must be at most ${HARD_MAX_DEPTH}`);
  }
  return limits;
}
