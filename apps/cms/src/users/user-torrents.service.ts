import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import { Release } from '../releases/release.entity.js';
import { PeerActivity } from '../stats/peer-activity.entity.js';
import { SWARM_COUNTS_OPTIONS, type SwarmCountsOptions } from '../swarm-counts/swarm-counts-options.js';
import { Snatch } from '../torrents/snatch.entity.js';
import { Torrent } from '../torrents/torrent.entity.js';
import { ratioOf } from './user-input.js';

/** One torrent the user is in a swarm of right now, with what they did on it. */
export interface UserTorrentRow {
  releaseId: number;
  title: string;
  uploaded: number;
  downloaded: number;
  ratio: number | null;
  lastAnnounceAt: Date;
}

export interface UserTorrents {
  seeding: UserTorrentRow[];
  leeching: UserTorrentRow[];
}

/** A profile lists at most this many of each; a seedbox with thousands is summarized by count. */
export const USER_TORRENTS_LIMIT = 200;

/**
 * The user's current seeding and leeching torrents, from the stats ledger's peer_activity
 * (last state heard per torrent) and snatch (bytes per torrent) tables, read-only here. A
 * client that vanished without `stopped` drops off after the announcer's peer TTL, as it
 * does from the swarm.
 */
@Injectable()
export class UserTorrentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SWARM_COUNTS_OPTIONS) private readonly options: SwarmCountsOptions,
  ) {}

  async current(userId: number, now = Date.now()): Promise<UserTorrents> {
    const since = new Date(now - this.options.peerTtlSeconds * 1000);
    const activity = await this.dataSource.getRepository(PeerActivity).find({
      where: { userId, state: In(['seeding', 'leeching']), lastAnnounceAt: MoreThan(since) },
      order: { lastAnnounceAt: 'DESC' },
      take: USER_TORRENTS_LIMIT * 2,
    });
    const torrentIds = activity.map((a) => a.torrentId);
    if (torrentIds.length === 0) return { seeding: [], leeching: [] };
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
    const releaseOf = new Map(torrents.map((t) => [t.id, t.releaseId]));
    const titleOf = new Map(releases.map((r) => [r.id, r.title]));
    const snatchOf = new Map(snatches.map((s) => [s.torrentId, s]));
    const rows = activity.flatMap((a) => {
      const releaseId = releaseOf.get(a.torrentId);
      const title = releaseId === undefined ? undefined : titleOf.get(releaseId);
      if (releaseId === undefined || title === undefined) return []; // deleted since
      const snatch = snatchOf.get(a.torrentId);
      const uploaded = snatch?.uploaded ?? 0;
      const downloaded = snatch?.downloaded ?? 0;
      const row = {
        releaseId,
        title,
        uploaded,
        downloaded,
        ratio: ratioOf(uploaded, downloaded),
        lastAnnounceAt: a.lastAnnounceAt,
      };
      return [{ state: a.state, row }];
    });
    const of = (state: string) =>
      rows
        .filter((r) => r.state === state)
        .map((r) => r.row)
        .slice(0, USER_TORRENTS_LIMIT);
    return { seeding: of('seeding'), leeching: of('leeching') };
  }
}
