import { Buffer } from 'node:buffer';
import type { DictEntrySpan } from './scan-bencode.js';

/** A dictionary entry kept as bytes: the key, and the value exactly as it was encoded. */
export interface RawDictEntry {
  key: Buffer;
  encodedValue: Buffer;
}

/**
 * The entries of a scanned top-level dictionary as raw bytes. Used to rewrite a .torrent
 * without re-encoding values, so everything we keep stays byte-identical.
 */
export function rawDictEntries(bytes: Uint8Array, entries: readonly DictEntrySpan[]): RawDictEntry[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return entries.map(({ key, value }) => ({
    key: view.subarray(key.start, key.end),
    encodedValue: view.subarray(value.start, value.end),
  }));
}

/** Builds a canonical dictionary from raw entries: keys sorted by bytes; a duplicate key is a bug. */
export function buildRawDict(entries: readonly RawDictEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(a.key, b.key));
  const chunks: Buffer[] = [Buffer.from('d')];
  for (let i = 0; i < sorted.length; i++) {
    const { key, encodedValue } = sorted[i];
    if (i > 0 && sorted[i - 1].key.equals(key)) {
      throw new RangeError(`duplicate dictionary key ${key.toString('utf8')}`);
    }
    chunks.push(Buffer.from(`${key.length}:`, 'latin1'), key, encodedValue);
  }
  chunks.push(Buffer.from('e'));
  return Buffer.concat(chunks);
}
