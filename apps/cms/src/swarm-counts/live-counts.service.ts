import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SwarmStore } from '@tracker/core';
import { SWARM_STORE } from './swarm-counts-options.js';

export interface LiveCounts {
  readonly seeders: number;
  readonly leechers: number;
}

/** Anything shown with swarm counts: a list row, a release page's torrent. */
export interface HasSwarmCounts {
  readonly infoHash: string;
  readonly seeders: number;
  readonly leechers: number;
}

const HEX_INFO_HASH = /^[0-9a-f]{40}$/;
/** Do not repeat the same outage warning on every page view. */
const WARN_EVERY_MS = 60_000;

/**
 * Seeders and leechers as the swarm store holds them now (Redis, or the in-process store of
 * the embedded mode). A page asks once for all its rows: RedisSwarmStore.counts() pipelines
 * them into ONE round trip. When the store does not answer, rows keep the counts last copied
 * into the torrent table (SwarmCountsSync): a page never fails because Redis is away.
 */
@Injectable()
export class LiveCountsService {
  private readonly logger = new Logger('LiveCounts');
  private lastWarning = 0;

  constructor(@Inject(SWARM_STORE) private readonly store: SwarmStore) {}

  /** Live counts by lower-case hex info hash; null when the store failed. */
  async read(infoHashes: readonly string[]): Promise<Map<string, LiveCounts> | null> {
    const unique = [...new Set(infoHashes.filter((hash) => HEX_INFO_HASH.test(hash)))];
    if (unique.length === 0) return new Map();
    try {
      const counts = await this.store.counts(unique.map((hash) => Buffer.from(hash, 'hex')));
      return new Map(
        unique.map((hash, i) => [
          hash,
          { seeders: counts[i]?.complete ?? 0, leechers: counts[i]?.incomplete ?? 0 },
        ]),
      );
    } catch (err) {
      this.warn(err);
      return null;
    }
  }

  /** The rows with their live seeders and leechers (one store call for all of them). */
  async overlay<T extends HasSwarmCounts>(rows: readonly T[]): Promise<T[]> {
    const live = await this.read(rows.map((row) => row.infoHash));
    if (!live) return [...rows];
    return rows.map((row) => {
      const counts = live.get(row.infoHash);
      return counts ? { ...row, ...counts } : row;
    });
  }

  private warn(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    const reason = err instanceof Error ? err.message : String(err);
    this.logger.warn(`swarm store unavailable, showing the last synced counts: ${reason}`);
  }
}
