import { Injectable } from '@nestjs/common';
import { magnetUri, rewriteForSite, withAnnounceTiers } from '@tracker/core';
import type { TorrentFileEntry } from './torrent.entity.js';
import type { TorrentMetadata } from './torrent-metadata.js';

/** An uploaded .torrent after validation and the rewrite for our site. */
export interface PreparedTorrent extends TorrentMetadata {
  canonical: Buffer;
  files: TorrentFileEntry[];
}

/**
 * The CMS's seam over tracker-core's metainfo API: services ask this class, so their unit
 * tests can hand in prepared values. `prepare` throws tracker-core's ClientError subclasses
 * (MetainfoError, BencodeError) with a readable reason for a bad upload.
 */
@Injectable()
export class TorrentCodec {
  prepare(bytes: Buffer, source: string): PreparedTorrent {
    const { bytes: canonical, infoHashHex, infoHashV2Hex, parsed } = rewriteForSite(bytes, { source });
    const multi = parsed.files.length > 1 || parsed.files[0]?.path !== parsed.name;
    // Pad files are alignment filler: people see the content files, under the torrent's folder.
    const files = parsed.files
      .filter((file) => !file.pad)
      .map((file) => ({ path: multi ? `${parsed.name}/${file.path}` : file.path, length: file.length }));
    return {
      canonical,
      infoHash: infoHashHex,
      infoHashV2: infoHashV2Hex,
      name: parsed.name,
      size: parsed.totalSize,
      pieceLength: parsed.pieceLength,
      fileCount: files.length,
      files,
    };
  }

  /** The per-user copy: same info dictionary (same hash), the user's announce URL, then one tier per extra URL. */
  withAnnounce(canonical: Buffer, announceUrl: string, ...moreTiers: string[]): Buffer {
    return withAnnounceTiers(canonical, [announceUrl, ...moreTiers]);
  }

  /** A magnet link without any tracker: a tracker URL would carry a passkey (a credential). */
  magnet(torrent: { infoHash: string; infoHashV2: string | null; name: string }): string {
    return magnetUri({
      infoHashHex: torrent.infoHash,
      infoHashV2Hex: torrent.infoHashV2,
      name: torrent.name,
    });
  }
}
