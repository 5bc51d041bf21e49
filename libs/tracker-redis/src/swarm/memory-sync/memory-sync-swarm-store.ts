import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  RegistryGatedSwarmStore,
  type RegisteredAnnounce,
  type RegisteredAnnounceResult,
  type RegisteredSwarmStore,
  type SwarmAnnounce,
  type SwarmAnnounceResult,
  type SwarmCounts,
} from '@tracker/core';
import type { KeySchema } from '../../key-schema.js';
import { peerSlotId } from '../announce-batch-codec.js';
import { encodeCreditRecord, type CreditBatchReply, type FeedPeer } from './credit-batch-codec.js';
import { CreditBatchWriter, type CreditWriterStats } from './credit-batch-writer.js';
import { FeedTail, type FeedTailStats } from './feed-tail.js';
import { LocalSwarms } from './local-swarms.js';
import { loadSwarms, type SwarmLoad } from './load-swarms.js';
import { RegistryMirror } from './registry-mirror.js';

export interface MemorySyncSwarmStoreOptions {
  /** Commands: loads, credit batches, registry re-reads. */
  readonly redis: Redis;
  /** A second connection for the feeds' blocking XREAD. */
  readonly tail: Redis;
  readonly keys: KeySchema;
  /** ANNOUNCER_INSTANCE; the writer id adds a random boot id, so a restart starts a new seq. */
  readonly instance: string;
  readonly peerTtlSeconds: number;
  /** How long a swarm's completed counter outlives its last announce. Default 30 days. */
  readonly completedTtlSeconds?: number;
  readonly flushEveryMs?: number;
  readonly maxBatch?: number;
  readonly maxPending?: number;
  readonly feedBlockMs?: number;
  readonly clock?: () => number;
  readonly random?: () => number;
  /** Faults that do not reach a client (a failed write, read or load), for the log. */
  readonly onError?: (err: Error, what: 'write' | 'feed' | 'load') => void;
  /** Every batch Redis applied (or had applied), with its records: what was credited. */
  readonly onApplied?: (records: readonly Buffer[], reply: CreditBatchReply) => void;
}

/** Asked before the swarms and the registry are loaded: answered "temporarily unavailable". */
export class SyncNotReadyError extends Error {
  override readonly name = 'SyncNotReadyError';
  constructor() {
    super('swarms and registry are still loading from Redis');
  }
}

export interface MemorySyncStats {
  readonly loaded: boolean;
  readonly load: SwarmLoad | undefined;
  readonly writer: CreditWriterStats;
  readonly feed: FeedTailStats;
  readonly registry: RegistryMirror['stats'];
}

const PURGE_EVERY_MS = 60_000;
const LOAD_RETRY_MS = 500;
const CLOSE_FLUSH_MS = 2000;

/**
 * The memory-sync swarm store (ADR 0019): every announce is answered from this process's
 * memory (`LocalSwarms`: peers, counts, selection, minimum interval, peers per member; the
 * gate from `RegistryMirror`), and what it changed goes to Redis in batches
 * (`CreditBatchWriter`, at most every 100 ms), where the credit is decided against the
 * baselines in Redis, in the same atomic step as the stats entry. The credit fields of a
 * result are this announcer's estimate from its own view; what is credited is the batch's
 * decision (the stats stream, `onApplied`). Peers other announcers wrote arrive through the
 * peer feed (`FeedTail`). Until `start` has loaded the swarms and the registry, announces
 * throw `SyncNotReadyError`.
 */
export class MemorySyncSwarmStore implements RegisteredSwarmStore {
  readonly registry: RegistryMirror;
  readonly writerId: string;
  private readonly swarms: LocalSwarms;
  private readonly writer: CreditBatchWriter;
  private readonly gated: RegistryGatedSwarmStore;
  private readonly completedTtlMs: number;
  private readonly clock: () => number;
  private tail: FeedTail | undefined;
  private loaded = false;
  private closed = false;
  private lastLoad: SwarmLoad | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: MemorySyncSwarmStoreOptions) {
    this.writerId = `${options.instance}:${randomBytes(4).toString('hex')}`;
    this.clock = options.clock ?? Date.now;
    this.completedTtlMs = (options.completedTtlSeconds ?? 30 * 24 * 3600) * 1000;
    this.registry = new RegistryMirror(options.redis, options.keys);
    this.swarms = new LocalSwarms(options.peerTtlSeconds, { clock: options.clock, random: options.random });
    this.writer = new CreditBatchWriter({
      redis: options.redis,
      keys: options.keys,
      writer: this.writerId,
      flushEveryMs: options.flushEveryMs,
      maxBatch: options.maxBatch,
      maxPending: options.maxPending,
      clock: options.clock,
      onApplied: (records, reply) => this.applied(records, reply),
      onError: (err) => options.onError?.(err, 'write'),
    });
    this.gated = new RegistryGatedSwarmStore(
      {
        announce: (input) => this.announce(input),
        scrape: (hashes) => this.counts(hashes),
        counts: (hashes) => this.counts(hashes),
        close: async () => undefined,
      },
      this.registry,
    );
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Loads from Redis, retrying every 500 ms while it is away; resolves once loaded. */
  start(): Promise<void> {
    this.starting ??= this.loadUntilDone();
    return this.starting;
  }

  async announce(input: SwarmAnnounce): Promise<SwarmAnnounceResult> {
    if (!this.loaded) throw new SyncNotReadyError();
    const slotId = peerSlotId(input.peerKey);
    const result = await this.swarms.announce({ ...input, peerKey: slotId.toString('latin1') });
    if (result.status === 'ok')
      this.writer.append(encodeCreditRecord({ ...input, slotId, completedTtlMs: this.completedTtlMs }));
    return result;
  }

  announceRegistered(input: RegisteredAnnounce): Promise<RegisteredAnnounceResult> {
    if (!this.loaded) return Promise.reject(new SyncNotReadyError());
    return this.gated.announceRegistered(input);
  }

  scrape(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]> {
    return this.counts(infoHashes);
  }

  counts(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]> {
    if (!this.loaded) return Promise.reject(new SyncNotReadyError());
    return this.swarms.counts(infoHashes);
  }

  /** Writes what waits now; rejects when Redis did not take it (it stays queued and is retried). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** The swarms this announcer holds, for the metrics census. */
  infoHashes(): Buffer[] {
    return this.swarms.infoHashes();
  }

  stats(): MemorySyncStats {
    return {
      loaded: this.loaded,
      load: this.lastLoad,
      writer: this.writer.stats(),
      feed: this.tail?.stats() ?? { peerFeedLagMs: 0, peerGaps: 0, failedReads: 0 },
      registry: this.registry.stats,
    };
  }

  /** One last flush (bounded: Redis may be away), then stops. The connections are the caller's. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    if (this.loaded) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((r) => (timer = setTimeout(r, CLOSE_FLUSH_MS)));
      await Promise.race([this.writer.flush().catch(() => undefined), deadline]);
      clearTimeout(timer);
    }
    this.writer.close();
    await this.tail?.stop();
    await this.swarms.close();
  }

  private async loadUntilDone(): Promise<void> {
    while (!this.closed) {
      try {
        await this.loadOnce();
        return;
      } catch (err) {
        this.options.onError?.(err instanceof Error ? err : new Error(String(err)), 'load');
        await new Promise((r) => setTimeout(r, LOAD_RETRY_MS));
      }
    }
  }

  /** The feed position first: what is written during the load comes after it. */
  private async loadOnce(): Promise<void> {
    const { redis, keys } = this.options;
    const last = await redis.xrevrange(keys.swarmFeed, '+', '-', 'COUNT', 1);
    await this.registry.load();
    this.lastLoad = await this.loadPeers();
    this.tail = new FeedTail({
      redis: this.options.tail,
      keys,
      writer: this.writerId,
      registry: this.registry,
      peerFeedId: last[0]?.[0] ?? '0-0',
      blockMs: this.options.feedBlockMs,
      applyPeers: (peers, own) => this.applyFeed(peers, own),
      onPeerGap: async () => {
        this.lastLoad = await this.loadPeers();
      },
      onError: (err) => this.options.onError?.(err, 'feed'),
    });
    this.loaded = true;
    this.tail.start();
    this.purgeTimer = setInterval(() => void this.swarms.purgeExpired(this.clock()), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  private loadPeers(): Promise<SwarmLoad> {
    return loadSwarms(
      this.options.redis,
      this.options.keys,
      this.options.peerTtlSeconds,
      this.swarms,
      this.clock(),
    );
  }

  private applyFeed(peers: readonly FeedPeer[], own: boolean): void {
    for (const peer of peers) {
      if (!own) this.swarms.applyRemote(peer);
      this.swarms.setCompleted(peer.infoHash, peer.completed);
    }
  }

  private applied(records: readonly Buffer[], reply: CreditBatchReply): void {
    if (reply.applied) {
      reply.outcomes.forEach((outcome, i) => {
        if (outcome.status === 'credited')
          this.swarms.setCompleted(
            Buffer.from(records[i].toString('latin1', 1, 41), 'hex'),
            outcome.completed,
          );
      });
    }
    this.options.onApplied?.(records, reply);
  }
}
