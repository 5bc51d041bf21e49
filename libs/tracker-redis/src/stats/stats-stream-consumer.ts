import type { Redis } from 'ioredis';
import type { StatsEntry } from '@tracker/core';
import type { KeySchema } from '../key-schema.js';
import { decodeStatsEntry, StatsEntryError } from './stats-entry-codec.js';

export interface StatsBatchItem {
  /** Stream entry id, to acknowledge once applied. */
  readonly id: string;
  readonly entry: StatsEntry;
}

/**
 * The CMS side of the stats stream: a consumer group reads entries, the CMS applies them
 * in its own transaction, then acknowledges. Acknowledged entries are trimmed here, never
 * by the announcer, so nothing unapplied is lost. Malformed entries go to the dead-letter
 * stream with the reason, and are acknowledged so they do not block the group.
 */
export class StatsStreamConsumer {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySchema,
    private readonly group: string,
    private readonly consumer: string,
  ) {}

  /** Creates the group (from the stream's beginning) if it does not exist. */
  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.keys.statsStream, this.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err;
    }
  }

  /**
   * Up to `count` entries: first those delivered before but never acknowledged (a crash
   * between apply and ack), then new ones. Applying must be idempotent per entry id.
   */
  async read(count: number, blockMs = 0): Promise<StatsBatchItem[]> {
    const pending = await this.readFrom('0', count, undefined);
    if (pending.length > 0) return pending;
    return this.readFrom('>', count, blockMs > 0 ? blockMs : undefined);
  }

  async ack(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.redis.xack(this.keys.statsStream, this.group, ...ids);
  }

  /**
   * Deletes entries with ids below `id`. Pass the oldest id that any consumer group still
   * needs (e.g. the smallest pending id from XPENDING, or the group's last-delivered id when
   * nothing is pending): trimming is the CMS's job, never the announcer's.
   */
  async trimBefore(id: string): Promise<void> {
    await this.redis.xtrim(this.keys.statsStream, 'MINID', id);
  }

  private async readFrom(
    start: string,
    count: number,
    blockMs: number | undefined,
  ): Promise<StatsBatchItem[]> {
    const stream = this.keys.statsStream;
    const reply = (blockMs === undefined
      ? await this.redis.xreadgroup('GROUP', this.group, this.consumer, 'COUNT', count, 'STREAMS', stream, start)
      : await this.redis.xreadgroup('GROUP', this.group, this.consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', stream, start)
    ) as [string, [string, string[] | null][]][] | null; // prettier-ignore
    const items: StatsBatchItem[] = [];
    for (const [id, fields] of reply?.[0]?.[1] ?? []) {
      if (!fields) continue; // an entry trimmed while pending: nothing to apply
      try {
        items.push({ id, entry: decodeStatsEntry(fields) });
      } catch (err) {
        if (!(err instanceof StatsEntryError)) throw err;
        await this.deadLetter(id, fields, err.message);
      }
    }
    return items;
  }

  private async deadLetter(id: string, fields: string[], reason: string): Promise<void> {
    await this.redis
      .multi()
      .xadd(this.keys.statsDeadLetter, '*', 'source_id', id, 'reason', reason, ...fields)
      .xack(this.keys.statsStream, this.group, id)
      .exec();
  }
}
