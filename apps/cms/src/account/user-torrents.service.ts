import { Inject, Injectable } from '@nestjs/common';
import { SWARM_COUNTS_OPTIONS, type SwarmCountsOptions } from '../swarm-counts/swarm-counts-options.js';
import { ratioOf } from '../users/user-input.js';
import { UserTorrentsRepository } from './user-torrents.repository.js';

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
    private readonly torrents: UserTorrentsRepository,
    @Inject(SWARM_COUNTS_OPTIONS) private readonly options: SwarmCountsOptions,
  ) {}

  async current(userId: number, now = Date.now()): Promise<UserTorrents> {
    const since = new Date(now - this.options.peerTtlSeconds * 1000);
    const activity = await this.torrents.recentActivity(userId, since, USER_TORRENTS_LIMIT * 2);
    const torrentIds = activity.map((a) => a.torrentId);
    if (torrentIds.length === 0) return { seeding: [], leeching: [] };
    const { releaseOf, titleOf, snatchOf } = await this.torrents.facts(userId, torrentIds);
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
