import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { Torrent } from '../torrents/torrent.entity.js';
import { LiveCountsService } from './live-counts.service.js';
import { SWARM_COUNTS_OPTIONS, type SwarmCountsOptions } from './swarm-counts-options.js';

export interface SyncResult {
  readonly torrents: number;
  readonly updated: number;
}

/**
 * Copies live seeders/leechers into the torrent rows every `syncMs`, so browse can sort on
 * indexed columns (docs/adr/0008-live-swarm-counts-and-one-process-start.md). Pages show the live values; only the
 * ORDER BY may lag by one period. Only rows whose counts changed are written. A round that
 * fails (store or database away) is logged and retried at the next tick.
 */
@Injectable()
export class SwarmCountsSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SwarmCountsSync');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly live: LiveCountsService,
    @Inject(SWARM_COUNTS_OPTIONS) private readonly options: SwarmCountsOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.options.syncMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One full pass over the torrent table, in batches of `syncBatch`. */
  async syncOnce(): Promise<SyncResult> {
    const repo = this.dataSource.getRepository(Torrent);
    let afterId = 0;
    let torrents = 0;
    let updated = 0;
    for (;;) {
      const rows = await repo.find({
        where: { id: MoreThan(afterId) },
        select: { id: true, infoHash: true, seeders: true, leechers: true },
        order: { id: 'ASC' },
        take: this.options.syncBatch,
      });
      if (rows.length === 0) return { torrents, updated };
      afterId = rows[rows.length - 1]?.id ?? afterId;
      torrents += rows.length;
      const live = await this.live.read(rows.map((row) => row.infoHash));
      if (!live) throw new Error('swarm store unavailable');
      for (const row of rows) {
        const counts = live.get(row.infoHash);
        if (!counts || (counts.seeders === row.seeders && counts.leechers === row.leechers)) continue;
        await repo.update({ id: row.id }, counts);
        updated++;
      }
    }
  }

  /** A slow round (huge table, slow store) is never overlapped by the next one. */
  private tick(): void {
    if (this.running) return;
    this.running = this.syncOnce()
      .catch((err: unknown) => {
        this.logger.warn(
          `live counts not copied to torrent rows: ${err instanceof Error ? err.message : err}`,
        );
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
