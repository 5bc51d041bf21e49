import { Injectable } from '@nestjs/common';
import { SqlReader } from '../database/sql-reader.js';
import { jsonFromBytes, toBoolean, toDate, toNumber, toStringOrNull } from '../database/sql-values.js';
import type { TorrentFileEntry } from '../torrents/torrent.entity.js';
import type { TorrentMetadata } from '../torrents/torrent-metadata.js';
import type { ReleaseStatus } from './release.entity.js';

/** What the release page shows of a release, its category and its torrent (plain values). */
export interface ReleaseDetail {
  id: number;
  title: string;
  description: string;
  status: ReleaseStatus;
  freeleech: boolean;
  authorId: number;
  posterMime: string | null;
  createdAt: Date;
  publishedAt: Date | null;
  category: { name: string; slug: string } | null;
  torrent: ReleaseTorrentDetail | null;
}

/** The release's torrent as its page shows it: the metadata, the file list and the swarm counts. */
export interface ReleaseTorrentDetail extends TorrentMetadata {
  id: number;
  files: TorrentFileEntry[];
  seeders: number;
  leechers: number;
  completed: number;
}

interface DetailRow {
  id: unknown;
  title: string;
  description: string;
  status: string;
  freeleech: unknown;
  authorId: unknown;
  posterMime: string | null;
  createdAt: unknown;
  publishedAt: unknown;
  categoryName: string | null;
  categorySlug: string | null;
  torrentId: unknown;
  infoHash: string | null;
  infoHashV2: string | null;
  torrentName: string | null;
  size: unknown;
  pieceLength: unknown;
  fileCount: unknown;
  files: unknown;
  seeders: unknown;
  leechers: unknown;
  completed: unknown;
}

/** The release page's one SELECT: the release with its category, torrent and file list. */
@Injectable()
export class ReleaseDetailRepository {
  constructor(private readonly sql: SqlReader) {}

  async find(id: number): Promise<ReleaseDetail | null> {
    const rows = await this.sql.rows<DetailRow>(
      `SELECT r.id AS id, r.title AS title, r.description AS description, r.status AS status,
              r.freeleech AS freeleech, r.authorId AS authorId, r.posterMime AS posterMime,
              r.createdAt AS createdAt, r.publishedAt AS publishedAt,
              c.name AS categoryName, c.slug AS categorySlug,
              t.id AS torrentId, t.infoHash AS infoHash, t.infoHashV2 AS infoHashV2,
              t.name AS torrentName, t.size AS size, t.pieceLength AS pieceLength,
              t.fileCount AS fileCount, t.files AS files, t.seeders AS seeders,
              t.leechers AS leechers, t.completed AS completed
         FROM \`release\` r
         LEFT JOIN category c ON c.id = r.categoryId
         LEFT JOIN torrent t ON t.releaseId = r.id
        WHERE r.id = ?`,
      [id],
    );
    return rows[0] ? toReleaseDetail(rows[0]) : null;
  }
}

export function toReleaseDetail(row: DetailRow): ReleaseDetail {
  return {
    id: toNumber(row.id),
    title: row.title,
    description: row.description,
    status: row.status === 'published' ? 'published' : 'draft',
    freeleech: toBoolean(row.freeleech),
    authorId: toNumber(row.authorId),
    posterMime: toStringOrNull(row.posterMime),
    createdAt: toDate(row.createdAt) ?? new Date(0),
    publishedAt: toDate(row.publishedAt),
    category:
      row.categoryName === null || row.categorySlug === null
        ? null
        : { name: row.categoryName, slug: row.categorySlug },
    torrent:
      row.torrentId === null || row.torrentId === undefined
        ? null
        : {
            id: toNumber(row.torrentId),
            infoHash: row.infoHash ?? '',
            infoHashV2: toStringOrNull(row.infoHashV2),
            name: row.torrentName ?? '',
            size: toNumber(row.size),
            pieceLength: toNumber(row.pieceLength),
            fileCount: toNumber(row.fileCount),
            files: jsonFromBytes<TorrentFileEntry[]>(row.files, []),
            seeders: toNumber(row.seeders),
            leechers: toNumber(row.leechers),
            completed: toNumber(row.completed),
          },
  };
}
