import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { encodeBencode } from '../bencode/encode-bencode.js';
import type { BencodeInput } from '../bencode/bencode-value.js';

export interface NewTorrentFile {
  /** Path elements inside the torrent folder, e.g. ['sub', 'track01.flac']. */
  path: string[];
  data: Uint8Array;
}

export interface NewTorrent {
  name: string;
  /** One payload for a single-file torrent, or the files of a multi-file torrent. */
  content: Uint8Array | NewTorrentFile[];
  /** A power of two; 16 KiB by default. */
  pieceLength?: number;
  comment?: string;
  createdBy?: string;
  /** Seconds since the epoch; leave unset for reproducible bytes. */
  creationDate?: number;
}

/**
 * Builds a real v1 .torrent over in-memory content (pieces are the SHA-1 of each piece), for
 * demo data and tests. Not for user input: it trusts its arguments.
 */
export function createTorrent(spec: NewTorrent): Buffer {
  const pieceLength = spec.pieceLength ?? 16 * 1024;
  const single = spec.content instanceof Uint8Array;
  const files =
    spec.content instanceof Uint8Array ? [{ path: [spec.name], data: spec.content }] : spec.content;
  const info: Record<string, BencodeInput> = {
    name: spec.name,
    'piece length': pieceLength,
    pieces: pieceHashes(Buffer.concat(files.map((file) => file.data)), pieceLength),
  };
  if (single) info.length = files[0].data.length;
  else info.files = files.map((file) => ({ length: file.data.length, path: file.path }));
  return encodeBencode({
    comment: spec.comment,
    'created by': spec.createdBy,
    'creation date': spec.creationDate,
    info,
  });
}

function pieceHashes(payload: Buffer, pieceLength: number): Buffer {
  const hashes: Buffer[] = [];
  for (let offset = 0; offset < payload.length; offset += pieceLength) {
    hashes.push(
      createHash('sha1')
        .update(payload.subarray(offset, offset + pieceLength))
        .digest(),
    );
  }
  return Buffer.concat(hashes);
}
