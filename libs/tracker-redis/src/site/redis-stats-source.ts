import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LedgerDelivery, LedgerLag, StatsSource } from '@tracker/core';
import { redisReady } from '../connection/redis-ready.js';
import type { KeySchema } from '../key-schema.js';
import { decodeStatsEntry, StatsEntryError } from '../stats/stats-entry-codec.js';
import { compareStreamIds, parseStreamId, replyRecord } from './stream-id.js';

export interface RedisStatsSourceOptions {
  readonly group?: string;
  /** Unique per process; default host-pid-random, so a restarted site never reuses a dead name. */
  readonly consumer?: string;
  /** Pending entries idle this long are taken over from their consumer (presumed dead). */
  readonly claimIdleMs?: number;
}

type StreamEntries = Array<[string, string[] | null]>;

/** Most entries `lag()` counts one by one when Redis cannot tell the group's lag. */
const COUNT_CAP = 100_000;

/**
 * The site's reader of the stats stream (KEY-SCHEMA.md), through a consumer group. Each read first claims entries other consumers
 * left pending for `claimIdleMs` (XAUTOCLAIM: a crashed site, or poison entries waiting for
 * their next attempt), then takes new ones. Trimming stops below the oldest entry any group
 * has not acknowledged, so nothing unapplied is ever dropped.
 */
export class RedisStatsSource implements StatsSource {
  readonly name: string;
  private readonly group: string;
  private readonly consumer: string;
  private readonly claimIdleMs: number;
  private claimCursor = '0-0';
  private groupReady = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySchema,
    options: RedisStatsSourceOptions = {},
  ) {
    this.name = keys.statsStream;
    this.group = options.group ?? 'cms';
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.claimIdleMs = options.claimIdleMs ?? 30_000;
  }

  async read(max: number): Promise<LedgerDelivery[]> {
    return this.inGroup(async () => {
      const claimed = await this.claim(max);
      if (claimed.length >= max) return claimed;
      const reply = (await this.redis.xreadgroup(
        'GROUP', this.group, this.consumer, 'COUNT', max - claimed.length, 'STREAMS', this.keys.statsStream, '>',
      )) as Array<[string, StreamEntries]> | null; // prettier-ignore
      return [...claimed, ...toItems(reply?.[0]?.[1] ?? [], () => 1)];
    });
  }

  async ack(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.redis.xack(this.keys.statsStream, this.group, ...ids);
  }

  async deadLetter(item: LedgerDelivery, reason: string): Promise<void> {
    const results = await this.redis
      .multi()
      .xadd(
        this.keys.statsDeadLetter,
        '*',
        'source_id',
        item.id,
        'reason',
        reason,
        'deliveries',
        String(item.deliveries),
        ...item.raw,
      ) // prettier-ignore
      .xack(this.keys.statsStream, this.group, item.id)
      .exec();
    for (const [err] of results ?? []) if (err) throw err;
  }

  async trim(): Promise<void> {
    const floor = await this.acknowledgedFloor();
    if (floor) await this.redis.xtrim(this.keys.statsStream, 'MINID', floor);
  }

  /**
   * Read only: never creates the group, so the numbers also hold while none exists (a Redis
   * that restarted empty, before the next read recreates it): then every entry is waiting.
   */
  async lag(): Promise<LedgerLag> {
    const stream = this.keys.statsStream;
    const [length, deadLetters] = await Promise.all([
      this.redis.xlen(stream),
      this.redis.xlen(this.keys.statsDeadLetter),
    ]);
    const group = (await this.groups()).find((g) => g['name'] === this.group);
    const { pending, oldest } = group ? await this.groupLag(group) : await this.streamLag(length);
    const oldestMs = oldest ? Number(parseStreamId(oldest)?.ms ?? 0n) : null;
    return {
      pending,
      oldestPendingSeconds: oldestMs === null ? 0 : Math.max(0, (Date.now() - oldestMs) / 1000),
      deadLetters,
    };
  }

  ready(): Promise<void> {
    return redisReady(this.redis);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  /**
   * Runs `op` with the group in place. A Redis that restarted empty (or an operator) loses the
   * group: NOGROUP then recreates it from the stream's start, and `op` runs once more. What
   * the old group had delivered lived in the lost stream; stats_applied skips any id seen twice.
   */
  private async inGroup<T>(op: () => Promise<T>): Promise<T> {
    await this.ensureGroup();
    try {
      return await op();
    } catch (err) {
      if (!isNoGroup(err)) throw err;
      this.groupReady = false;
      this.claimCursor = '0-0';
      await this.ensureGroup();
      return op();
    }
  }

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.redis.xgroup('CREATE', this.keys.statsStream, this.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err;
    }
    this.groupReady = true;
  }

  private async claim(max: number): Promise<LedgerDelivery[]> {
    const [next, entries] = (await this.redis.xautoclaim(
      this.keys.statsStream, this.group, this.consumer, this.claimIdleMs, this.claimCursor, 'COUNT', max,
    )) as [string, StreamEntries, string[]?]; // prettier-ignore
    this.claimCursor = next;
    const live = entries.filter(([, fields]) => fields !== null);
    const first = live[0]?.[0];
    const last = live.at(-1)?.[0];
    if (first === undefined || last === undefined) return [];
    const counts = await this.deliveryCounts(first, last, live.length);
    return toItems(live, (id) => counts.get(id) ?? 1);
  }

  private async deliveryCounts(first: string, last: string, count: number): Promise<Map<string, number>> {
    const rows = (await this.redis.xpending(
      this.keys.statsStream, this.group, first, last, count, this.consumer,
    )) as Array<[string, string, number, number]>; // prettier-ignore
    return new Map(rows.map(([id, , , deliveries]) => [id, Number(deliveries)]));
  }

  /** The stream's groups; none when the stream does not exist (yet, or any more). */
  private async groups(): Promise<Array<Record<string, unknown>>> {
    try {
      const reply = (await this.redis.call('XINFO', 'GROUPS', this.keys.statsStream)) as unknown[];
      return reply.map(replyRecord);
    } catch (err) {
      if (err instanceof Error && /no such key/i.test(err.message)) return [];
      throw err;
    }
  }

  /** Delivered-but-unacknowledged plus not yet delivered, and the oldest of them. */
  private async groupLag(
    group: Record<string, unknown>,
  ): Promise<{ pending: number; oldest: string | null }> {
    const delivered = Number(group['pending'] ?? 0);
    const lastDelivered = String(group['last-delivered-id'] ?? '0-0');
    // Redis reports no lag when it cannot tell (entries deleted inside the range): count them.
    const undelivered =
      group['lag'] === null || group['lag'] === undefined
        ? await this.countAfter(lastDelivered)
        : Number(group['lag']);
    if (delivered > 0) {
      const summary = (await this.redis.xpending(this.keys.statsStream, this.group)) as unknown[];
      return { pending: delivered + undelivered, oldest: typeof summary[1] === 'string' ? summary[1] : null };
    }
    const next = (await this.redis.xrange(
      this.keys.statsStream,
      `(${lastDelivered}`,
      '+',
      'COUNT',
      1,
    )) as StreamEntries;
    return { pending: undelivered, oldest: next[0]?.[0] ?? null };
  }

  /** No group yet: the next read creates it from the stream's start, so everything waits. */
  private async streamLag(length: number): Promise<{ pending: number; oldest: string | null }> {
    if (length === 0) return { pending: 0, oldest: null };
    const first = (await this.redis.xrange(this.keys.statsStream, '-', '+', 'COUNT', 1)) as StreamEntries;
    return { pending: length, oldest: first[0]?.[0] ?? null };
  }

  /** Entries after `id`, counted in pages (only when Redis cannot say; bounded by COUNT_CAP). */
  private async countAfter(id: string): Promise<number> {
    let counted = 0;
    let from = `(${id}`;
    while (counted < COUNT_CAP) {
      const page = (await this.redis.xrange(
        this.keys.statsStream,
        from,
        '+',
        'COUNT',
        1000,
      )) as StreamEntries;
      counted += page.length;
      const last = page.at(-1)?.[0];
      if (page.length < 1000 || last === undefined) break;
      from = `(${last}`;
    }
    return counted;
  }

  /** Everything strictly below the returned id is acknowledged by every group. */
  private async acknowledgedFloor(): Promise<string | null> {
    const groups = await this.groups();
    // Without this site's group (lost, recreated at the next read) nothing it needs is acknowledged.
    if (!groups.some((g) => g['name'] === this.group)) return null;
    let floor: string | null = null;
    for (const group of groups) {
      const name = String(group['name']);
      let bound = String(group['last-delivered-id'] ?? '0-0');
      if (Number(group['pending'] ?? 0) > 0) {
        const summary = (await this.redis.xpending(this.keys.statsStream, name)) as unknown[];
        if (typeof summary[1] === 'string') bound = summary[1];
      }
      // last-delivered itself is acknowledged when nothing is pending, but keeping one entry is cheap.
      if (floor === null || compareStreamIds(bound, floor) < 0) floor = bound;
    }
    return floor === '0-0' ? null : floor;
  }
}

function toItems(entries: StreamEntries, deliveries: (id: string) => number): LedgerDelivery[] {
  const items: LedgerDelivery[] = [];
  for (const [id, fields] of entries) {
    if (!fields) continue; // trimmed while pending: nothing left to apply
    try {
      items.push({ id, entry: decodeStatsEntry(fields), raw: fields, deliveries: deliveries(id) });
    } catch (err) {
      if (!(err instanceof StatsEntryError)) throw err;
      items.push({ id, entry: null, error: err.message, raw: fields, deliveries: deliveries(id) });
    }
  }
  return items;
}

function isNoGroup(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOGROUP');
}
