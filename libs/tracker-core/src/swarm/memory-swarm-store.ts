import { MemorySwarm } from './memory-swarm.js';
import type { MemoryStatsLedger } from './memory-stats-ledger.js';
import type { AnnouncePlan } from './memory-swarm.js';
import type { SwarmAnnounce, SwarmAnnounceResult, SwarmCounts, SwarmStore } from './swarm-store.js';

export interface MemorySwarmStoreOptions {
  /** Where accepted announces with a `ledger` context are recorded. */
  readonly ledger?: MemoryStatsLedger;
  /** Wall clock for `scrape`/`counts` (announce brings its own `now`). */
  readonly clock?: () => number;
  /** [0, 1) source for peer selection. */
  readonly random?: () => number;
}

const ZERO: SwarmCounts = Object.freeze({ complete: 0, incomplete: 0, downloaded: 0 });

/**
 * The in-process SwarmStore of the embedded mode (one announcer, no Redis). Everything is
 * synchronous, so each announce is atomic. Call `purgeExpired` on a timer: swarms nobody
 * announces to or scrapes are otherwise only freed on their next use.
 */
export class MemorySwarmStore implements SwarmStore {
  private readonly swarms = new Map<string, MemorySwarm>();
  private readonly ledger: MemoryStatsLedger | undefined;
  private readonly clock: () => number;
  private readonly random: () => number;

  constructor(opts: MemorySwarmStoreOptions = {}) {
    this.ledger = opts.ledger;
    this.clock = opts.clock ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  async announce(input: SwarmAnnounce): Promise<SwarmAnnounceResult> {
    const family = familyOf(input.endpoint.ip);
    const key = input.infoHash.toString('latin1');
    const swarm = this.swarms.get(key) ?? new MemorySwarm();
    swarm.purge(input.now);
    const wait = swarm.tooSoonBy(input, family);
    if (wait > 0) return { status: 'too_soon', retryAfterSeconds: wait };
    if (swarm.overPeerLimit(input)) return { status: 'too_many_peers', maxPeers: input.maxPeersPerUser ?? 0 };
    const plan = swarm.plan(input);
    // The ledger goes first: if it refuses, the swarm is left untouched (all or nothing).
    this.record(input, plan);
    swarm.apply(input, family, plan);
    this.swarms.set(key, swarm);
    const selected =
      input.event === 'stopped' ? [] : swarm.select(input.peerKey, family, input.numWant, this.random);
    return {
      status: 'ok',
      ...swarm.counts(),
      peers4: family === 0 ? selected : [],
      peers6: family === 1 ? selected : [],
      deltaUploaded: plan.deltaUploaded,
      deltaDownloaded: plan.deltaDownloaded,
      heldUploaded: plan.heldUploaded,
      heldDownloaded: plan.heldDownloaded,
      heldReason: plan.heldReason,
      completedNow: plan.completedNow,
    };
  }

  async scrape(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]> {
    const now = this.clock();
    return infoHashes.map((hash) => this.countsOf(hash, now));
  }

  async counts(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]> {
    return this.scrape(infoHashes);
  }

  /** Purges every swarm and frees the empty ones. O(swarms + expired peers). */
  purgeExpired(now: number = this.clock()): void {
    for (const [key, swarm] of this.swarms) {
      swarm.purge(now);
      if (swarm.isEmpty) this.swarms.delete(key);
    }
  }

  async close(): Promise<void> {
    this.swarms.clear();
  }

  private countsOf(infoHash: Buffer, now: number): SwarmCounts {
    const key = infoHash.toString('latin1');
    const swarm = this.swarms.get(key);
    if (swarm === undefined) return ZERO;
    swarm.purge(now);
    if (swarm.isEmpty) this.swarms.delete(key);
    return swarm.counts();
  }

  private record(input: SwarmAnnounce, plan: AnnouncePlan): void {
    if (input.ledger === undefined) return;
    if (this.ledger === undefined)
      throw new Error('announce has a ledger context but the store has no ledger');
    this.ledger.append({
      userId: input.ledger.userId,
      torrentId: input.ledger.torrentId,
      infoHashHex: input.infoHash.toString('hex'),
      peerKey: input.peerKey,
      deltaUploaded: plan.deltaUploaded,
      deltaDownloaded: plan.deltaDownloaded,
      heldUploaded: plan.heldUploaded,
      heldDownloaded: plan.heldDownloaded,
      heldReason: plan.heldReason,
      left: input.left,
      event: input.event,
      seeding: input.left === 0n,
      timestamp: input.now,
      instance: input.ledger.instance,
    });
  }
}

function familyOf(ip: Buffer): 0 | 1 {
  if (ip.length === 4) return 0;
  if (ip.length === 16) return 1;
  throw new TypeError(`peer address must be 4 or 16 bytes, got ${ip.length}`);
}
