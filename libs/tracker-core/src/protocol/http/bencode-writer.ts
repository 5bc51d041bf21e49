/**
 * Minimal bencode writing straight into a Buffer, for the few fixed-shape responses of
 * the announce hot path. Callers allocate an upper bound (see the `*_MAX` sizes), write
 * with these helpers (each returns the next offset) and return the used slice.
 */

/** `i` + sign + 19 digits + `e`, enough for any safe integer or 63-bit counter. */
export const INT_MAX_BYTES = 22;

/** Pre-encoded dictionary key (`<len>:<name>`), built once at module load. */
export function bkey(name: string): Buffer {
  return Buffer.from(`${name.length}:${name}`, 'latin1');
}

export function writeRaw(buf: Buffer, off: number, bytes: Uint8Array): number {
  buf.set(bytes, off);
  return off + bytes.length;
}

export function writeChar(buf: Buffer, off: number, char: 'd' | 'e' | 'l'): number {
  buf[off] = char.charCodeAt(0);
  return off + 1;
}

export function writeInt(buf: Buffer, off: number, value: number | bigint): number {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new TypeError(`bencode integers must be safe integers, got ${value}`);
  }
  buf[off] = 0x69; // i
  const n = buf.write(String(value), off + 1, 'latin1');
  buf[off + 1 + n] = 0x65; // e
  return off + n + 2;
}

/** Writes a byte string (`<len>:<bytes>`). */
export function writeBytes(buf: Buffer, off: number, bytes: Uint8Array): number {
  off += buf.write(String(bytes.length), off, 'latin1');
  buf[off] = 0x3a; // :
  buf.set(bytes, off + 1);
  return off + 1 + bytes.length;
}

/** Writes a text string as UTF-8 (`<byte length>:<utf-8>`). */
export function writeText(buf: Buffer, off: number, text: string): number {
  const length = Buffer.byteLength(text, 'utf8');
  off += buf.write(String(length), off, 'latin1');
  buf[off] = 0x3a;
  buf.write(text, off + 1, 'utf8');
  return off + 1 + length;
}

/** Upper bound of `writeText` output. */
export function textMaxBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8') + 11;
}
