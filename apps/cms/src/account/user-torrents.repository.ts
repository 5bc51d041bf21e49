import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In, MoreThan } from 'typeorm';
import { Release } from '../releases/release.entity.js';
import { PeerActivity } from '../stats/peer-activity.entity.js';
import { Snatch } from '../torrents/snatch.entity.js';
import { Torrent } from '../torrents/torrent.entity.js';

/** What the profile's lists read of one torrent: its release and the user's bytes on it. */
export interface UserTorrentFacts {
  /** torrent id -> release id, for the torrents that still exist. */
  releaseOf: Map<number, number>;
  /** release id -> title. */
  titleOf: Map<number, string>;
  /** torrent id -> the user's bytes on it, when the ledger has any. */
  snatchOf: Map<number, Pick<Snatch, 'uploaded' | 'downloaded'>>;
}

/**
 * Read-only, across the tables of three features (peer_activity of the stats ledger, torrent
 * and snatch, release): the one place the profile page reads them, above those features.
 */
@Injectable()
export class UserTorrentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user's last state per torrent heard after `since`, seeding or leeching, newest first. */
  recentActivity(userId: number, since: Date, limit: number): Promise<PeerActivity[]> {
    return this.dataSource.getRepository(PeerActivity).find({
      where: { userId, state: In(['seeding', 'leeching']), lastAnnounceAt: MoreThan(since) },
      order: { lastAnnounceAt: 'DESC' },
      take: limit,
    });
  }

  async facts(userId: number, torrentIds: number[]): Promise<UserTorrentFacts> {
    const [torrents, snatches] = await Promise.all([
      this.dataSource.getRepository(Torrent).find({
        where: { id: In(torrentIds) },
        select: { id: true, releaseId: true },
      }),
      this.dataSource.getRepository(Snatch).find({ where: { userId, torrentId: In(torrentIds) } }),
    ]);
    const releases = await this.dataSource.getRepository(Release).find({
      where: { id: In(torrents.map((t) => t.releaseId)) },
      select: { id: true, title: true },
    });
    return {
      releaseOf: new Map(torrents.map((t) => [t.id, t.releaseId])),
      titleOf: new Map(releases.map((r) => [r.id, r.title])),
      snatchOf: new Map(snatches.map((s) => [s.torrentId, s])),
    };
  }
}
