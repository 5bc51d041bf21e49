/** Bounds for an uploaded .torrent. */
export interface MetainfoLimits {
  /** Largest accepted .torrent file in bytes. */
  maxBytes: number;
  /** Most files (pad files included) in one torrent. */
  maxFiles: number;
  /** Smallest accepted piece length; must be a power of two like every piece length. */
  minPieceLength: number;
  /** Largest accepted piece length. */
  maxPieceLength: number;
  /** Deepest bencode nesting (v2 file trees nest one level per directory). */
  maxDepth: number;
}

export const DEFAULT_METAINFO_LIMITS: Readonly<MetainfoLimits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxFiles: 10_000,
  minPieceLength: 16 * 1024,
  maxPieceLength: 64 * 1024 * 1024,
  maxDepth: 64,
});

export function resolveMetainfoLimits(overrides: Partial<MetainfoLimits> = {}): MetainfoLimits {
  const limits = { ...DEFAULT_METAINFO_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`metainfo limit ${key} must be a positive integer, got ${String(value)}`);
    }
  }
  return limits;
}
