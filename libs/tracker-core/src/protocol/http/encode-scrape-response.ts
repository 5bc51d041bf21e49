import type { SwarmCounts } from '../../swarm/swarm-store.js';
import { INT_MAX_BYTES, bkey, writeBytes, writeChar, writeInt, writeRaw } from './bencode-writer.js';

const K_FILES = bkey('files');
const K_COMPLETE = bkey('complete');
const K_DOWNLOADED = bkey('downloaded');
const K_INCOMPLETE = bkey('incomplete');
/** 3:20: + hash + d + three keys (< 40 bytes) + three integers + e */
const FILE_MAX_BYTES = 3 + 20 + 1 + 40 + 3 * INT_MAX_BYTES + 1;

/**
 * `d5:filesd<20-byte hash>d8:complete..10:downloaded..10:incomplete..ee...ee`.
 * `counts[i]` belongs to `infoHashes[i]` (the order `SwarmStore.scrape` returns). Keys are
 * sorted by raw bytes and duplicates written once, as bencode requires.
 */
export function encodeScrapeResponse(infoHashes: readonly Buffer[], counts: readonly SwarmCounts[]): Buffer {
  if (infoHashes.length !== counts.length) {
    throw new TypeError(`scrape: ${infoHashes.length} hashes but ${counts.length} counts`);
  }
  const order = infoHashes.map((_, i) => i).sort((a, b) => Buffer.compare(infoHashes[a], infoHashes[b]));
  const buf = Buffer.allocUnsafe(2 + 7 + 2 + order.length * FILE_MAX_BYTES);
  let off = writeRaw(buf, writeChar(buf, 0, 'd'), K_FILES);
  off = writeChar(buf, off, 'd');
  let previous: Buffer | undefined;
  for (const i of order) {
    if (previous !== undefined && previous.equals(infoHashes[i])) continue;
    previous = infoHashes[i];
    off = writeFile(buf, off, infoHashes[i], counts[i]);
  }
  off = writeChar(buf, writeChar(buf, off, 'e'), 'e');
  return buf.subarray(0, off);
}

function writeFile(buf: Buffer, off: number, infoHash: Buffer, counts: SwarmCounts): number {
  off = writeChar(buf, writeBytes(buf, off, infoHash), 'd');
  off = writeInt(buf, writeRaw(buf, off, K_COMPLETE), counts.complete);
  off = writeInt(buf, writeRaw(buf, off, K_DOWNLOADED), counts.downloaded);
  off = writeInt(buf, writeRaw(buf, off, K_INCOMPLETE), counts.incomplete);
  return writeChar(buf, off, 'e');
}
