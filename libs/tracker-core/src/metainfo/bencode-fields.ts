import { Buffer } from 'node:buffer';
import type { BencodeDict, BencodeValue } from '../bencode/bencode-value.js';

/** Reads a key only when the dictionary itself has it (never something inherited). */
export function field(dict: BencodeDict, key: string): BencodeValue | undefined {
  return Object.hasOwn(dict, key) ? dict[key] : undefined;
}

export function isDict(value: BencodeValue | undefined): value is BencodeDict {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export function isBytes(value: BencodeValue | undefined): value is Uint8Array {
  return value instanceof Uint8Array;
}

export function isInteger(value: BencodeValue | undefined): value is number {
  return typeof value === 'number';
}

/** Byte string as text (invalid UTF-8 becomes U+FFFD), or null when it is not a byte string. */
export function textOf(value: BencodeValue | undefined): string | null {
  return isBytes(value) ? Buffer.from(value).toString('utf8') : null;
}
