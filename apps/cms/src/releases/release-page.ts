import { buildFileTree, type FileTreeRow } from '../torrents/file-tree.js';
import type { LiveCounts } from '../swarm-counts/live-counts.service.js';
import { renderMarkdown } from '../text/markdown.js';
import { canEdit, isStaff, type Viewer } from './release-access.js';
import type { ReleaseDetail } from './release-detail.repository.js';
import type { SnatchRow } from './release-snatches.service.js';

export interface CommentView {
  id: number;
  body: string;
  authorName: string;
  createdAt: Date;
  edited: boolean;
  canEdit: boolean;
}

export interface ReleasePageView {
  release: {
    id: number;
    title: string;
    status: string;
    isDraft: boolean;
    freeleech: boolean;
    categoryName: string;
    categorySlug: string;
    hasPoster: boolean;
    publishedAt: Date | null;
    createdAt: Date;
  };
  /** Sanitized HTML (marked + sanitize-html): the only value the template prints raw. */
  descriptionHtml: string;
  torrent: {
    infoHash: string;
    infoHashV2: string | null;
    name: string;
    size: number;
    fileCount: number;
    pieceLength: number;
  };
  /** Seeders/leechers live from the swarm store; snatches = the site's completed counter. */
  stats: { seeders: number; leechers: number; snatches: number };
  snatchList: SnatchRow[];
  files: FileTreeRow[];
  magnet: string;
  canEdit: boolean;
  canModerate: boolean;
  comments: CommentView[];
}

/**
 * The release page's model. The magnet link carries no tracker: with one it would hold the
 * viewer's passkey, which must appear in page HTML only on their own profile. A client that
 * opens the magnet gets the tracker from the .torrent (download button) or the profile's
 * announce URL; see docs/adr/0007-cms-releases-decisions.md.
 */
export function releasePageView(
  viewer: Viewer | null,
  release: ReleaseDetail,
  magnet: string,
  comments: CommentView[],
  swarm: { live: LiveCounts | null; snatches: SnatchRow[] } = { live: null, snatches: [] },
): ReleasePageView {
  const torrent = release.torrent;
  return {
    release: {
      id: release.id,
      title: release.title,
      status: release.status,
      isDraft: release.status === 'draft',
      freeleech: release.freeleech,
      categoryName: release.category?.name ?? '',
      categorySlug: release.category?.slug ?? '',
      hasPoster: !!release.posterMime,
      publishedAt: release.publishedAt,
      createdAt: release.createdAt,
    },
    descriptionHtml: renderMarkdown(release.description),
    torrent: {
      infoHash: torrent?.infoHash ?? '',
      infoHashV2: torrent?.infoHashV2 ?? null,
      name: torrent?.name ?? '',
      size: torrent?.size ?? 0,
      fileCount: torrent?.fileCount ?? 0,
      pieceLength: torrent?.pieceLength ?? 0,
    },
    stats: {
      // Without a live answer, the counts last synced into the row.
      seeders: swarm.live?.seeders ?? torrent?.seeders ?? 0,
      leechers: swarm.live?.leechers ?? torrent?.leechers ?? 0,
      snatches: torrent?.completed ?? 0,
    },
    snatchList: swarm.snatches,
    files: buildFileTree(torrent?.files ?? []),
    magnet,
    canEdit: canEdit(viewer, release),
    canModerate: isStaff(viewer),
    comments,
  };
}
