import { Injectable } from '@nestjs/common';
import type { TorrentFileEntry } from './torrent.entity.js';

/** An uploaded .torrent after validation and the rewrite for our site. */
export interface PreparedTorrent {
  canonical: Buffer;
  infoHash: string;
  infoHashV2: string | null;
  name: string;
  size: number;
  pieceLength: number;
  files: TorrentFileEntry[];
}

/**
 * The CMS's seam over tracker-core's metainfo API: services ask this class, so their unit
 * tests can hand in prepared values and the pipeline's order is testable without real files.
 * Methods throw tracker-core's ClientError (MetainfoError/BencodeError) for bad uploads.
 */
@Injectable()
export class TorrentCodec {
  prepare(_bytes: Buffer, _source: string): PreparedTorrent {
    throw new Error('tracker-core metainfo is not available yet');
  }

  withAnnounce(_canonical: Buffer, _announceUrl: string): Buffer {
    throw new Error('tracker-core metainfo is not available yet');
  }

  magnet(
    _torrent: { infoHash: string; infoHashV2: string | null; name: string },
    _trackers: string[],
  ): string {
    throw new Error('tracker-core metainfo is not available yet');
  }
}
