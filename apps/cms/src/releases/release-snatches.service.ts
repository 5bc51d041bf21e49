import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not, IsNull } from 'typeorm';
import { Snatch } from '../torrents/snatch.entity.js';
import { User } from '../users/user.entity.js';
import { ratioOf } from '../users/user-input.js';

/** One row of a release page's snatch list. */
export interface SnatchRow {
  username: string;
  completedAt: Date | null;
  uploaded: number;
  downloaded: number;
  ratio: number | null;
  seedingTime: string;
  lastSeen: Date | null;
}

/** A page shows the latest completions; older ones are history nobody scrolls to. */
export const SNATCH_LIST_LIMIT = 100;

/**
 * The snatch list of a torrent: who completed it, when, and what they uploaded and downloaded
 * on it (the stats ledger's snatch rows, read-only here).
 */
@Injectable()
export class ReleaseSnatchesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(torrentId: number): Promise<SnatchRow[]> {
    const snatches = await this.dataSource.getRepository(Snatch).find({
      where: { torrentId, completedAt: Not(IsNull()) },
      order: { completedAt: 'DESC', id: 'DESC' },
      take: SNATCH_LIST_LIMIT,
    });
    const ids = [...new Set(snatches.map((s) => s.userId))];
    const users = ids.length
      ? await this.dataSource
          .getRepository(User)
          .find({ where: { id: In(ids) }, select: { id: true, username: true } })
      : [];
    const names = new Map(users.map((u) => [u.id, u.username]));
    return snatches.map((s) => ({
      username: names.get(s.userId) ?? '(deleted)',
      completedAt: s.completedAt,
      uploaded: s.uploaded,
      downloaded: s.downloaded,
      ratio: ratioOf(s.uploaded, s.downloaded),
      seedingTime: formatDuration(s.seedingSeconds),
      lastSeen: s.lastSeen,
    }));
  }
}

/** "3d 4h", "2h 5m", "45m", "0m": coarse on purpose, a snatch list is not a stopwatch. */
export function formatDuration(seconds: number): string {
  const s = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  return `${minutes}m`;
}
