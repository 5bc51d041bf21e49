import { Buffer } from 'node:buffer';
import { HARD_MAX_DEPTH } from './bencode-limits.js';
import type { BencodeInput } from './bencode-value.js';

const END = Buffer.from('e');

/**
 * Encodes a value as canonical bencode: dictionary keys sorted by their raw UTF-8 bytes, as
 * BEP 3 requires. (The `bencode` package sorts keys as JavaScript strings, which differs for
 * characters outside the Basic Multilingual Plane, and silently turns floats and booleans into
 * integers; this writer refuses them instead.) Undefined dictionary values are left out.
 * Throws TypeError for a value bencode cannot represent: that is a programming error.
 */
export function encodeBencode(value: BencodeInput): Buffer {
  const chunks: Buffer[] = [];
  write(value, chunks, 0);
  return Buffer.concat(chunks);
}

function write(value: BencodeInput, chunks: Buffer[], depth: number): void {
  if (depth > HARD_MAX_DEPTH) throw new TypeError(`bencode value nested deeper than ${HARD_MAX_DEPTH}`);
  if (typeof value === 'number') return writeInteger(value, chunks);
  if (typeof value === 'string') return writeBytes(Buffer.from(value, 'utf8'), chunks);
  if (value instanceof Uint8Array) return writeBytes(value, chunks);
  if (Array.isArray(value)) return writeList(value as readonly BencodeInput[], chunks, depth);
  if (isPlainObject(value)) return writeDict(value, chunks, depth);
  throw new TypeError(`cannot bencode a value of type ${describe(value)}`);
}

function writeInteger(value: number, chunks: Buffer[]): void {
  if (!Number.isSafeInteger(value)) throw new TypeError(`cannot bencode ${value}: not a safe integer`);
  chunks.push(Buffer.from(`i${value}e`, 'latin1'));
}

function writeBytes(bytes: Uint8Array, chunks: Buffer[]): void {
  chunks.push(Buffer.from(`${bytes.length}:`, 'latin1'), Buffer.from(bytes));
}

function writeList(list: readonly BencodeInput[], chunks: Buffer[], depth: number): void {
  chunks.push(Buffer.from('l'));
  for (const item of list) write(item, chunks, depth + 1);
  chunks.push(END);
}

function writeDict(
  dict: { readonly [key: string]: BencodeInput | undefined },
  chunks: Buffer[],
  depth: number,
): void {
  const entries = Object.entries(dict)
    .filter((entry): entry is [string, BencodeInput] => entry[1] !== undefined)
    .map(([key, item]) => ({ key: Buffer.from(key, 'utf8'), item }))
    .sort((a, b) => Buffer.compare(a.key, b.key));
  chunks.push(Buffer.from('d'));
  for (const { key, item } of entries) {
    writeBytes(key, chunks);
    write(item, chunks, depth + 1);
  }
  chunks.push(END);
}

function isPlainObject(value: unknown): value is { readonly [key: string]: BencodeInput | undefined } {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
