import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { scriptKeyParts, type KeySchema } from '../../key-schema.js';
import { CREDIT_BATCH_SCRIPT } from '../lua/lua-scripts.js';
import { decodeCreditReply, type CreditBatchReply } from './credit-batch-codec.js';

export interface CreditBatchWriterOptions {
  readonly redis: Redis;
  readonly keys: KeySchema;
  /** This process's writer id (instance + boot id): its seq key and its feed entries' `w`. */
  readonly writer: string;
  /** A batch leaves at least this often while records wait. Default 100 ms. */
  readonly flushEveryMs?: number;
  /** Records per script call (bounds one call's time in Redis). Default 256. */
  readonly maxBatch?: number;
  /** Records kept while Redis cannot take them; beyond, the oldest batches are dropped. Default 200,000. */
  readonly maxPending?: number;
  /** How long Redis keeps the writer's seq. Default 1 day. */
  readonly seqTtlMs?: number;
  /** Approximate MAXLEN of the peer feed. Default 10,000 entries. */
  readonly feedMaxLength?: number;
  /** Every applied (or already applied) batch, with its records, in order. */
  readonly onApplied?: (records: readonly Buffer[], reply: CreditBatchReply) => void;
  /** A failed write (it is retried with its seq). */
  readonly onError?: (err: Error) => void;
  readonly clock?: () => number;
}

interface Batch {
  readonly seq: number;
  readonly records: Buffer[];
  /** Epoch ms of the oldest record's answer. */
  readonly since: number;
}

/** What the writer holds and has lost, for metrics. */
export interface CreditWriterStats {
  readonly pendingRecords: number;
  /** Dropped because Redis was away longer than the bound allows (announces lost, no bytes). */
  readonly droppedRecords: number;
  /** ms since the oldest record not yet written was answered; 0 when none waits. */
  readonly lagMs: number;
  readonly appliedBatches: number;
  readonly failedWrites: number;
}

interface CreditCommands {
  trackerCreditBatchBuffer(...args: Array<string | Buffer | number>): Promise<Buffer>;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 1000;

/**
 * Writes the records of answered announces to Redis in batches (lua/credit-batch.lua, ADR
 * 0018), one call at a time and in seq order: a batch whose outcome is unknown (a timeout) is
 * retried with the same seq until Redis says applied or already applied, so nothing is
 * applied twice. While Redis is away the batches wait in memory up to `maxPending` records;
 * beyond that the oldest are dropped, which loses those announces but no bytes: their
 * baselines never moved in Redis, so the peer's next written announce credits the whole delta.
 */
export class CreditBatchWriter {
  private current: Buffer[] = [];
  private currentSince = 0;
  private readonly queue: Batch[] = [];
  private nextSeq = 1;
  private writing = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly ticker: NodeJS.Timeout;
  private readonly waiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private dropped = 0;
  private applied = 0;
  private failedWrites = 0;
  private readonly commands: CreditCommands;
  /** numkeys, KEYS and ARGV 1 of the script: the same for every call. */
  private readonly keysArgs: Array<string | number>;
  /** ARGV 5-9: the swarm key name pieces. */
  private readonly fixedArgs: Array<string | number>;
  private readonly clock: () => number;
  private readonly maxBatch: number;
  private readonly maxPending: number;

  constructor(private readonly options: CreditBatchWriterOptions) {
    const { redis, keys, writer } = options;
    if (typeof (redis as unknown as Partial<CreditCommands>).trackerCreditBatchBuffer !== 'function')
      redis.defineCommand('trackerCreditBatch', { lua: CREDIT_BATCH_SCRIPT });
    this.commands = redis as unknown as CreditCommands;
    const { swarmHead, suffixes } = scriptKeyParts(keys);
    this.fixedArgs = [swarmHead, suffixes.peers, suffixes.peers6, suffixes.peerData, suffixes.completed];
    this.clock = options.clock ?? Date.now;
    this.maxBatch = options.maxBatch ?? 256;
    this.maxPending = options.maxPending ?? 200_000;
    this.keysArgs = [3, keys.statsStream, keys.announcerSeq(writer), keys.swarmFeed, writer];
    this.ticker = setInterval(() => this.seal(), options.flushEveryMs ?? 100);
    this.ticker.unref();
  }

  /** Queues one encoded record (`encodeCreditRecord`) of an announce answered now. */
  append(record: Buffer): void {
    if (this.current.length === 0) this.currentSince = this.clock();
    this.current.push(record);
    if (this.current.length >= this.maxBatch) this.seal();
  }

  /** Sends what is queued now; resolves when everything queued is written, rejects on a failed write. */
  flush(): Promise<void> {
    this.seal();
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  stats(): CreditWriterStats {
    const pending = this.queue.reduce((n, b) => n + b.records.length, 0) + this.current.length;
    const oldest = this.queue[0]?.since ?? (this.current.length > 0 ? this.currentSince : undefined);
    return {
      pendingRecords: pending,
      droppedRecords: this.dropped,
      lagMs: oldest === undefined ? 0 : Math.max(0, this.clock() - oldest),
      appliedBatches: this.applied,
      failedWrites: this.failedWrites,
    };
  }

  /** Stops the timers; one last flush is the caller's choice (`flush()` first). */
  close(): void {
    clearInterval(this.ticker);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const w of this.waiters.splice(0)) w.reject(new Error('credit batch writer closed'));
  }

  private seal(): void {
    if (this.current.length > 0) {
      this.queue.push({ seq: this.nextSeq++, records: this.current, since: this.currentSince });
      this.current = [];
      this.bound();
    }
    this.pump();
  }

  /** Oldest first, never the batch being written (its outcome is not known yet). */
  private bound(): void {
    let pending = this.queue.reduce((n, b) => n + b.records.length, 0);
    const at = this.writing ? 1 : 0;
    while (pending > this.maxPending && at < this.queue.length) {
      const [gone] = this.queue.splice(at, 1);
      pending -= gone.records.length;
      this.dropped += gone.records.length;
    }
  }

  private pump(): void {
    if (this.writing || this.retryTimer !== undefined) return;
    const batch = this.queue[0];
    if (batch === undefined) {
      for (const w of this.waiters.splice(0)) w.resolve();
      return;
    }
    this.writing = true;
    this.send(batch).then(
      (reply) => {
        this.writing = false;
        this.failures = 0;
        this.queue.shift();
        this.applied++;
        this.options.onApplied?.(batch.records, reply);
        this.pump();
      },
      (err: unknown) => {
        this.writing = false;
        this.failedWrites++;
        const error = err instanceof Error ? err : new Error(String(err));
        this.options.onError?.(error);
        for (const w of this.waiters.splice(0)) w.reject(error);
        this.bound();
        const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.failures++);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.pump();
        }, wait);
        this.retryTimer.unref();
      },
    );
  }

  private async send(batch: Batch): Promise<CreditBatchReply> {
    const reply = await this.commands.trackerCreditBatchBuffer(
      ...this.keysArgs,
      batch.seq,
      batch.records.length,
      Buffer.concat(batch.records),
      ...this.fixedArgs,
      this.options.seqTtlMs ?? 86_400_000,
      this.options.feedMaxLength ?? 10_000,
      randomInt(1, 2 ** 31 - 1),
    );
    return decodeCreditReply(reply, batch.records.length);
  }
}
