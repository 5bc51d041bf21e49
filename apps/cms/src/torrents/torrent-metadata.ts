/**
 * What a torrent's info dictionary says about it, as the site stores and shows it: one shape
 * for the prepared upload, the release page and the API.
 */
export interface TorrentMetadata {
  /** v1 info hash, lower-case hex. */
  infoHash: string;
  /** v2 (SHA-256) info hash of a hybrid torrent, lower-case hex; null for v1 only. */
  infoHashV2: string | null;
  name: string;
  size: number;
  pieceLength: number;
  fileCount: number;
}
