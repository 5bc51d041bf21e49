import { createHash } from 'node:crypto';
import { type BencodeDict, type BencodeValue, decodeBencode, encodeBencode } from '@tracker/core';

/** What the browser test checks in a downloaded .torrent. */
export interface DownloadedTorrent {
  announce: string;
  /** True when the file carries an announce-list (a second tracker a client might use). */
  hasAnnounceList: boolean;
  /** SHA-1 of the info dictionary, lower-case hex. */
  infoHash: string;
  isPrivate: boolean;
}

function isDict(value: BencodeValue | undefined): value is BencodeDict {
  return typeof value === 'object' && !(value instanceof Uint8Array) && !Array.isArray(value);
}

/**
 * Reads a downloaded .torrent. The info hash is recomputed here from the decoded info
 * dictionary: the site stores canonical bencode, so re-encoding it gives the same bytes.
 */
export function readDownloadedTorrent(bytes: Uint8Array): DownloadedTorrent {
  const root = decodeBencode(bytes);
  if (!isDict(root)) throw new Error('the download is not a bencoded dictionary');
  const info = root['info'];
  const announce = root['announce'];
  if (!isDict(info)) throw new Error('the download has no info dictionary');
  if (!(announce instanceof Uint8Array)) throw new Error('the download has no announce URL');
  return {
    announce: Buffer.from(announce).toString('utf8'),
    hasAnnounceList: root['announce-list'] !== undefined,
    infoHash: createHash('sha1').update(encodeBencode(info)).digest('hex'),
    isPrivate: info['private'] === 1,
  };
}
