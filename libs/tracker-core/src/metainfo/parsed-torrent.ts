import type { Buffer } from 'node:buffer';

export interface TorrentFile {
  /**
   * Path inside the torrent, elements joined with "/". For a multi-file torrent it is relative to
   * the torrent's folder (`name` is not repeated); for a single-file torrent it is the name.
   */
  path: string;
  length: number;
  /** A BEP 47 pad file (attr contains "p"): alignment filler, not content. */
  pad: boolean;
}

export interface ParsedTorrent {
  /** SHA-1 of the exact info dictionary bytes, lowercase hex: the v1 info hash. */
  infoHashHex: string;
  /** SHA-256 of the same bytes for a hybrid v1+v2 torrent, lowercase hex; null for v1. */
  infoHashV2Hex: string | null;
  name: string;
  /** Sum of all file lengths, pad files included (as libtorrent counts). */
  totalSize: number;
  pieceLength: number;
  pieceCount: number;
  files: TorrentFile[];
  private: boolean;
  source: string | null;
  comment: string | null;
  createdBy: string | null;
  creationDate: Date | null;
  /** Tracker URLs from announce-list (all tiers, in order) or else announce, without duplicates. */
  announce: string[];
}

export interface RewrittenTorrent {
  /** The canonical stored form: private, our source, no trackers. */
  bytes: Buffer;
  infoHashHex: string;
  infoHashV2Hex: string | null;
  parsed: ParsedTorrent;
}
