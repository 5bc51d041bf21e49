export interface RequestBudgetOptions {
  /** Requests each address may make per second, on average. */
  readonly ratePerSecond: number;
  /** Requests an address may make at once after being idle (the bucket's size). */
  readonly burst: number;
  /**
   * Addresses one generation of the table holds; the table never holds more than twice this.
   * Default 50,000: at most 100,000 addresses, ~22 MB (measured ~220 bytes an address with
   * its key). A generation lasts burst / rate (20 s by default), and even a tracker of a
   * million peers, each announcing every 30 minutes, sees ~11,000 addresses in 20 s.
   */
  readonly maxAddresses?: number;
}

/** Mutated in place: a known address costs no allocation. */
interface Bucket {
  tokens: number;
  updatedMs: number;
}

const DEFAULT_MAX_ADDRESSES = 50_000;

/**
 * A token bucket per client address: O(1) a request, no timer, bounded memory. Buckets live
 * in two generations of maps. Lookups try the current one, then the previous (moving the
 * bucket forward); the previous is dropped whole when a generation has lasted long enough
 * for any bucket to refill, so a dropped bucket was full and forgetting it changes nothing.
 *
 * When the current generation fills up before that (many addresses at once) it is rotated
 * early: addresses idle for one generation are then forgotten while their bucket was not yet
 * full and get a fresh burst when they come back. That fails open on purpose: refusing new
 * addresses instead would let a crowd of addresses lock every newcomer out.
 */
export class RequestBudget {
  private current = new Map<string, Bucket>();
  private previous = new Map<string, Bucket>();
  private rotatedMs: number;
  private readonly perMs: number;
  private readonly generationMs: number;
  private readonly burst: number;
  private readonly maxAddresses: number;

  constructor(options: RequestBudgetOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1))
      throw new RangeError('a request budget needs a positive rate and a burst of at least 1');
    this.burst = options.burst;
    this.perMs = options.ratePerSecond / 1000;
    // Long enough for an empty bucket to refill; at least a second, so rotation stays rare.
    this.generationMs = Math.max(1000, Math.ceil(options.burst / this.perMs));
    this.maxAddresses = options.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
    this.rotatedMs = 0;
  }

  /**
   * Spends one request of `address` at `now` (monotonic milliseconds: the caller's
   * `performance.now()`, which it already reads for the latency histogram: reading the clock
   * costs more than the rest of this); false when the budget is spent (refuse the request).
   */
  admit(address: string, now: number): boolean {
    if (now - this.rotatedMs >= this.generationMs) this.rotate(now);
    const bucket = this.current.get(address) ?? this.adopt(address, now);
    const tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedMs) * this.perMs);
    bucket.updatedMs = now;
    if (tokens < 1) {
      bucket.tokens = tokens;
      return false;
    }
    bucket.tokens = tokens - 1;
    return true;
  }

  /** Addresses remembered now (for the metrics gauge). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  private adopt(address: string, now: number): Bucket {
    let bucket = this.previous.get(address);
    if (bucket === undefined) bucket = { tokens: this.burst, updatedMs: now };
    else this.previous.delete(address);
    if (this.current.size >= this.maxAddresses) this.rotate(now);
    this.current.set(address, bucket);
    return bucket;
  }

  private rotate(now: number): void {
    this.previous = this.current;
    this.current = new Map();
    this.rotatedMs = now;
  }
}
