import { Injectable } from '@nestjs/common';
import { SqlReader } from '../database/sql-reader.js';
import { toDate, toNumber } from '../database/sql-values.js';
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
 * on it (the stats ledger's snatch rows, read-only here), with usernames, in one SELECT.
 */
@Injectable()
export class ReleaseSnatchesService {
  constructor(private readonly sql: SqlReader) {}

  async list(torrentId: number): Promise<SnatchRow[]> {
    const rows = await this.sql.rows<{
      username: string | null;
      completedAt: unknown;
      uploaded: unknown;
      downloaded: unknown;
      seedingSeconds: unknown;
      lastSeen: unknown;
    }>(
      `SELECT u.username AS username, s.completedAt AS completedAt, s.uploaded AS uploaded,
              s.downloaded AS downloaded, s.seedingSeconds AS seedingSeconds, s.lastSeen AS lastSeen
         FROM snatch s
         LEFT JOIN \`user\` u ON u.id = s.userId
        WHERE s.torrentId = ? AND s.completedAt IS NOT NULL
        ORDER BY s.completedAt DESC, s.id DESC
        LIMIT ?`,
      [torrentId, SNATCH_LIST_LIMIT],
    );
    return rows.map((row) => {
      const uploaded = toNumber(row.uploaded);
      const downloaded = toNumber(row.downloaded);
      return {
        username: row.username ?? '(deleted)',
        completedAt: toDate(row.completedAt),
        uploaded,
        downloaded,
        ratio: ratioOf(uploaded, downloaded),
        seedingTime: formatDuration(toNumber(row.seedingSeconds)),
        lastSeen: toDate(row.lastSeen),
      };
    });
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
