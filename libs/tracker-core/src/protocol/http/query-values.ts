/**
 * Readers for one value of a raw query string, `raw[start, end)`. They work on the raw
 * string because BitTorrent clients send binary `info_hash`, `peer_id` and `key` values
 * percent-encoded byte by byte: any UTF-8 decoding (URLSearchParams, decodeURIComponent)
 * corrupts them. Every reader returns `undefined` for bad input; the caller names the
 * parameter in the error it raises.
 */

const PERCENT = 0x25;
/** 2^63 - 1: the largest counter a client may send (the wire format of BEP 15 and most clients). */
export const MAX_COUNTER = 0x7fffffffffffffffn;

/**
 * Percent-decodes to bytes. `+` stays a literal plus: clients escape it, and turning it
 * into a space would corrupt binary values. Returns undefined on a malformed escape, a
 * character that cannot be a byte, or a result longer than `maxBytes`.
 */
export function decodeBytes(raw: string, start: number, end: number, maxBytes: number): Buffer | undefined {
  let length = 0;
  for (let i = start; i < end; i++) {
    if (raw.charCodeAt(i) === PERCENT) i += 2;
    length++;
  }
  if (length > maxBytes) return undefined;
  const out = Buffer.allocUnsafe(length);
  let o = 0;
  for (let i = start; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c === PERCENT) {
      if (i + 2 >= end) return undefined;
      const hi = hexDigit(raw.charCodeAt(i + 1));
      const lo = hexDigit(raw.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return undefined;
      out[o++] = (hi << 4) | lo;
      i += 2;
    } else if (c > 0x20 && c <= 0xff && c !== 0x7f) {
      out[o++] = c;
    } else {
      return undefined;
    }
  }
  return out;
}

/** Percent-decodes a text value (event names, addresses) as Latin-1: one char per byte. */
export function decodeText(raw: string, start: number, end: number, maxBytes: number): string | undefined {
  for (let i = start; i < end; i++) {
    if (raw.charCodeAt(i) === PERCENT) return decodeBytes(raw, start, end, maxBytes)?.toString('latin1');
  }
  return end - start > maxBytes ? undefined : raw.slice(start, end);
}

/** A plain decimal integer 0..2^63-1: digits only, no sign, no escapes, at most 19 digits. */
export function readCounter(raw: string, start: number, end: number): bigint | undefined {
  const length = end - start;
  if (length < 1 || length > 19) return undefined;
  let small = 0;
  for (let i = start; i < end; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    small = small * 10 + d;
  }
  // Up to 15 digits the float is exact; beyond that go through BigInt to keep every bit.
  if (length <= 15) return BigInt(small);
  const value = BigInt(raw.slice(start, end));
  return value > MAX_COUNTER ? undefined : value;
}

/** A plain decimal integer 0..max (for ports and numwant). */
export function readSmallInt(raw: string, start: number, end: number, max: number): number | undefined {
  const length = end - start;
  if (length < 1 || length > 15) return undefined;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    value = value * 10 + d;
  }
  return value > max ? undefined : value;
}

/** A boolean flag sent as `0` or `1`. */
export function readFlag(raw: string, start: number, end: number): boolean | undefined {
  if (end - start !== 1) return undefined;
  const c = raw.charCodeAt(start);
  return c === 0x31 ? true : c === 0x30 ? false : undefined;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
