import { createHash } from 'node:crypto';
import { decodeBencode, encodeBencode, type BencodeDict, type BencodeValue } from '@tracker/core';

/** What the tests read from a downloaded .torrent. */
export interface TorrentSummary {
  infoHash: string;
  /** `announce` and every `announce-list` URL, as text. */
  announceUrls: string[];
}

export function readTorrent(bytes: Uint8Array): TorrentSummary {
  const root = asDict(decodeBencode(bytes), 'torrent');
  const info = asDict(root['info'], 'info');
  const urls = [root['announce'], ...flatten(root['announce-list'])]
    .filter((v): v is Uint8Array => v instanceof Uint8Array)
    .map((v) => Buffer.from(v).toString('utf8'));
  return {
    infoHash: createHash('sha1').update(encodeBencode(info)).digest('hex'),
    announceUrls: [...new Set(urls)],
  };
}

/** The passkey of an `/announce?passkey=` URL, or null. */
export function passkeyOf(url: string): string | null {
  return new URL(url).searchParams.get('passkey');
}

function flatten(value: BencodeValue | undefined): BencodeValue[] {
  return Array.isArray(value) ? value.flatMap((v) => (Array.isArray(v) ? flatten(v) : [v])) : [];
}

function asDict(value: BencodeValue | undefined, what: string): BencodeDict {
  if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)) {
    return value;
  }
  throw new Error(`${what} is not a dictionary`);
}
