import bencode from 'bencode';
import { Buffer } from 'node:buffer';
import { BencodeError } from '../bencode/bencode-error.js';
import type { BencodeDict } from '../bencode/bencode-value.js';
import { rawDictEntries, type RawDictEntry } from '../bencode/raw-dict.js';
import { scanBencode } from '../bencode/scan-bencode.js';
import { MetainfoError } from './metainfo-error.js';
import type { MetainfoLimits } from './metainfo-limits.js';

/** A .torrent checked to be well-formed bencode, with the raw bytes needed to rewrite it. */
export interface DecodedTorrent {
  torrent: BencodeDict;
  info: BencodeDict;
  /** The info dictionary exactly as uploaded: what the info hash is computed from. */
  infoBytes: Buffer;
  /** Top-level entries as raw bytes, in input order. */
  entries: RawDictEntry[];
  /** Entries of the info dictionary as raw bytes. */
  infoEntries: RawDictEntry[];
}

/**
 * Token budget of an upload, checked by the scan before any value is built (building is what
 * costs: about 2 µs and 200 bytes per token in the bencode package, three decodes per upload).
 * `pieces` is one string whatever its length, so tokens come from the file list: the libtorrent
 * hybrid fixture spends 17 tokens per file (pad files included) and a v1 list 6 plus one per
 * path level, so 24 per file at `maxFiles` plus a base for the other fields (an announce-list
 * of a thousand trackers is 2,000) leaves about 1.5x over a hybrid at the file limit and
 * accepts v1 paths 18 levels deep on every one of 10,000 files: 250,000 at the default limits.
 */
const ITEMS_PER_FILE = 24;
const BASE_ITEMS = 10_000;
/** A v2 folder or `piece layers` has at most one key per file; other dictionaries are small. */
const EXTRA_DICT_KEYS = 1_000;
const INFO_KEY = Buffer.from('info');

/**
 * Checks the structure of an uploaded .torrent: size, well-formed bencode within the limits, a
 * top-level dictionary holding an info dictionary in canonical form. The outer dictionary may be
 * non-canonical (some creators write unsorted keys there; we rebuild it anyway), the info
 * dictionary may not: its bytes are hashed and a client re-encoding it would get another hash.
 */
export function decodeTorrent(bytes: Uint8Array, limits: MetainfoLimits): DecodedTorrent {
  if (bytes.length > limits.maxBytes) {
    throw new MetainfoError(
      `The .torrent file is ${formatMiB(bytes.length)}; the limit is ${formatMiB(limits.maxBytes)}.`,
      'torrent_too_large',
    );
  }
  const bencodeLimits = {
    maxBytes: limits.maxBytes,
    maxDepth: limits.maxDepth,
    maxItems: BASE_ITEMS + ITEMS_PER_FILE * limits.maxFiles,
    maxDictKeys: EXTRA_DICT_KEYS + limits.maxFiles,
  };
  const top = asMetainfoError('This is not a valid .torrent file', () =>
    scanBencode(bytes, { ...bencodeLimits, canonical: false }),
  );
  if (top.entries === null)
    throw new MetainfoError('This is not a valid .torrent file: it is not a dictionary.');
  const entries = rawDictEntries(bytes, top.entries);
  const infoIndex = entries.findIndex((entry) => entry.key.equals(INFO_KEY));
  if (infoIndex < 0) throw new MetainfoError('This .torrent file has no info dictionary.');
  const infoBytes = entries[infoIndex].encodedValue;
  if (infoBytes[0] !== 0x64)
    throw new MetainfoError('This .torrent file has an info entry that is not a dictionary.');
  // Scanned in place so that error offsets point into the uploaded file.
  const { start, end } = top.entries[infoIndex].value;
  const infoScan = asMetainfoError(
    'The info dictionary is not in canonical bencode, so its hash is ambiguous',
    () => scanBencode(bytes, { ...bencodeLimits, canonical: true }, start, end),
  );
  const torrent = bencode.decode(bytes) as BencodeDict;
  return {
    torrent,
    info: torrent.info as BencodeDict,
    infoBytes,
    entries,
    infoEntries: rawDictEntries(bytes, infoScan.entries ?? []),
  };
}

function asMetainfoError<T>(context: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof BencodeError) {
      const reason = err.message.replace(/^Invalid bencode:? ?/, '');
      throw new MetainfoError(
        `${context}: ${reason}.`,
        err.code === 'bencode_too_large' ? 'torrent_too_large' : undefined,
      );
    }
    throw err;
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
