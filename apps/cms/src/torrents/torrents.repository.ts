import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, type Repository } from 'typeorm';
import { SqlReader } from '../database/sql-reader.js';
import type { Transaction } from '../database/unit-of-work.js';
import { insertTorrentRow, type NewTorrentRow } from './insert-torrent-row.js';
import { Torrent, type TorrentFileEntry } from './torrent.entity.js';

/** A torrent row's swarm counters, as the periodic copy reads and writes them. */
export type TorrentCounts = Pick<Torrent, 'id' | 'infoHash' | 'seeders' | 'leechers'>;

/** The `torrent` table. */
@Injectable()
export class TorrentsRepository {
  constructor(
    @InjectRepository(Torrent) private readonly torrents: Repository<Torrent>,
    private readonly sql: SqlReader,
  ) {}

  /** Inserts the row inside the caller's transaction; its id. */
  insert(row: NewTorrentRow, tx: Transaction): Promise<number> {
    return insertTorrentRow(tx.manager, row);
  }

  /** The release that already has a torrent of this info hash, if any. */
  async releaseIdOf(infoHash: string): Promise<number | null> {
    const row = await this.torrents.findOne({ where: { infoHash }, select: { id: true, releaseId: true } });
    return row?.releaseId ?? null;
  }

  /** Name and canonical bytes of the torrent of a published release, in one SELECT. */
  async published(releaseId: number): Promise<{ name: string; canonical: Buffer } | undefined> {
    const [torrent] = await this.sql.rows<{ name: string; canonical: Buffer }>(
      `SELECT t.name AS name, t.canonical AS canonical
         FROM torrent t
         INNER JOIN \`release\` r ON r.id = t.releaseId
        WHERE t.releaseId = ? AND r.status = ?`,
      [releaseId, 'published'],
    );
    return torrent;
  }

  async files(torrentId: number): Promise<TorrentFileEntry[]> {
    const row = await this.torrents.findOne({ where: { id: torrentId }, select: { id: true, files: true } });
    return row?.files ?? [];
  }

  /** Up to `limit` rows with an id above `afterId`, in id order: one batch of a full pass. */
  countsAfter(afterId: number, limit: number): Promise<TorrentCounts[]> {
    return this.torrents.find({
      where: { id: MoreThan(afterId) },
      select: { id: true, infoHash: true, seeders: true, leechers: true },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  async setCounts(id: number, counts: { seeders: number; leechers: number }): Promise<void> {
    await this.torrents.update({ id }, counts);
  }
}
