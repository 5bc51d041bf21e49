import type { TorrentFileEntry } from '../torrents/torrent.entity.js';
import type { Release } from '../releases/release.entity.js';
import type { TorrentMetadata } from '../torrents/torrent-metadata.js';

/**
 * The API's view of one release: the fields scripts need, never the stored bytes. The torrent's
 * metadata is flattened in (empty values for a release without a torrent).
 */
export interface ReleaseJson extends TorrentMetadata {
  id: number;
  title: string;
  description: string;
  status: string;
  freeleech: boolean;
  category: { id: number; name: string; slug: string } | null;
  files?: TorrentFileEntry[];
  seeders: number;
  leechers: number;
  snatches: number;
  createdAt: Date;
  publishedAt: Date | null;
  torrentUrl: string;
}

export function releaseJson(release: Release, files?: TorrentFileEntry[]): ReleaseJson {
  const t = release.torrent;
  const c = release.category;
  return {
    id: release.id,
    title: release.title,
    description: release.description,
    status: release.status,
    freeleech: release.freeleech,
    category: c ? { id: c.id, name: c.name, slug: c.slug } : null,
    infoHash: t?.infoHash ?? '',
    infoHashV2: t?.infoHashV2 ?? null,
    name: t?.name ?? '',
    size: t?.size ?? 0,
    pieceLength: t?.pieceLength ?? 0,
    fileCount: t?.fileCount ?? 0,
    ...(files ? { files } : {}),
    seeders: t?.seeders ?? 0,
    leechers: t?.leechers ?? 0,
    snatches: t?.completed ?? 0,
    createdAt: release.createdAt,
    publishedAt: release.publishedAt,
    torrentUrl: `/api/v1/releases/${release.id}/torrent`,
  };
}
