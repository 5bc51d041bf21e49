import { Buffer, isUtf8 } from 'node:buffer';
import { BencodeError } from './bencode-error.js';
import type { BencodeLimits } from './bencode-limits.js';

const BYTE_I = 0x69;
const BYTE_L = 0x6c;
const BYTE_D = 0x64;
const BYTE_E = 0x65;
const BYTE_COLON = 0x3a;
const BYTE_MINUS = 0x2d;
const BYTE_0 = 0x30;
/** More digits than this cannot be a safe integer (2^53 - 1 has 16 digits). */
const MAX_INTEGER_DIGITS = 16;
/** A length with more digits than this is beyond any accepted input size. */
const MAX_LENGTH_DIGITS = 10;
const PROTO_KEY = Buffer.from('__proto__');
const REPLACEMENT_CHARACTER = Buffer.from('\uFFFD');

/** Byte range [start, end) inside the scanned input. */
export interface Span {
  start: number;
  end: number;
}

/** One top-level dictionary entry: where its key's bytes and its encoded value lie. */
export interface DictEntrySpan {
  key: Span;
  value: Span;
}

export interface ScanResult {
  /** Entries of the top-level dictionary in input order; null when the top value is not a dictionary. */
  entries: DictEntrySpan[] | null;
}

interface Frame {
  isDict: boolean;
  /** In a dictionary: true when the next item must be a key. */
  expectKey: boolean;
  /** Keys read so far in this dictionary. */
  keys: number;
  /** Content span of the previous key; start is -1 before the first key. */
  prevKeyStart: number;
  prevKeyEnd: number;
  /** Raw keys seen so far, only outside canonical mode (there, strict ordering rules out duplicates). */
  seen: Set<string> | null;
}

/**
 * Checks that bytes[start, end) is exactly one well-formed bencode value within the limits,
 * iteratively (no recursion, so hostile nesting cannot overflow the stack), before any decoder
 * touches it. Throws BencodeError naming the problem and its byte offset.
 *
 * This scan is the only work done on input that the limits refuse, so it allocates nothing per
 * scalar token: a file of millions of tiny tokens stops at the item limit in milliseconds.
 */
export function scanBencode(
  bytes: Uint8Array,
  limits: BencodeLimits,
  start = 0,
  end = bytes.length,
): ScanResult {
  if (end - start > limits.maxBytes) {
    throw new BencodeError(
      `Invalid bencode: input is ${end - start} bytes, over the limit of ${limits.maxBytes}`,
      'bencode_too_large',
    );
  }
  if (end <= start) throw new BencodeError('Invalid bencode: input is empty');
  return new Scanner(bytes, limits, end).run(start);
}

class Scanner {
  private readonly view: Buffer;
  private readonly stack: Frame[] = [];
  private entries: DictEntrySpan[] | null = null;
  private items = 0;
  /** Where the content of the byte string read last begins (readString returns its end). */
  private stringStart = 0;

  constructor(
    bytes: Uint8Array,
    private readonly limits: BencodeLimits,
    private readonly end: number,
  ) {
    this.view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  run(start: number): ScanResult {
    let pos = start;
    do {
      pos = this.step(pos);
    } while (this.stack.length > 0);
    if (pos !== this.end) this.fail(pos, 'unexpected data after the end of the value');
    return { entries: this.entries };
  }

  /** Consumes one token at pos (a key, a scalar, a container start or end); returns the next position. */
  private step(pos: number): number {
    if (pos >= this.end) this.fail(pos, 'input ends inside a value (truncated?)');
    const top = this.stack[this.stack.length - 1];
    const byte = this.view[pos];
    if (top !== undefined && byte === BYTE_E) return this.closeContainer(top, pos);
    if (top?.isDict && top.expectKey) return this.readKey(top, pos);
    this.countItem(pos);
    if (byte === BYTE_L || byte === BYTE_D) return this.openContainer(byte === BYTE_D, pos);
    if (byte === BYTE_I) return this.valueEnded(this.readInteger(pos));
    if (isDigit(byte)) return this.valueEnded(this.readString(pos));
    return this.fail(pos, `unexpected byte ${describeByte(byte)}`);
  }

  private openContainer(isDict: boolean, pos: number): number {
    if (this.stack.length >= this.limits.maxDepth) {
      this.fail(pos, `nested deeper than ${this.limits.maxDepth} levels`);
    }
    if (isDict && this.stack.length === 0) this.entries = [];
    const seen = isDict && !this.limits.canonical ? new Set<string>() : null;
    this.stack.push({ isDict, expectKey: isDict, keys: 0, prevKeyStart: -1, prevKeyEnd: -1, seen });
    return pos + 1;
  }

  private closeContainer(top: Frame, pos: number): number {
    if (top.isDict && !top.expectKey) this.fail(pos, 'dictionary key without a value');
    this.stack.pop();
    return this.valueEnded(pos + 1);
  }

  /** Bookkeeping after a complete value ending at `end`: the enclosing dictionary wants a key next. */
  private valueEnded(end: number): number {
    const top = this.stack[this.stack.length - 1];
    if (top?.isDict) {
      top.expectKey = true;
      if (this.stack.length === 1 && this.entries) this.entries[this.entries.length - 1].value.end = end;
    }
    return end;
  }

  private readKey(frame: Frame, pos: number): number {
    if (!isDigit(this.view[pos])) this.fail(pos, 'dictionary key is not a byte string');
    this.countItem(pos);
    if (++frame.keys > this.limits.maxDictKeys) {
      this.fail(pos, `dictionary with more than ${this.limits.maxDictKeys} keys`);
    }
    const keyEnd = this.readString(pos);
    const keyStart = this.stringStart;
    const keyBytes = this.view.subarray(keyStart, keyEnd);
    if (keyBytes.equals(PROTO_KEY)) this.fail(pos, 'dictionary key "__proto__" is not allowed');
    if (this.limits.canonical) this.checkCanonicalKey(frame, keyBytes, pos);
    else this.checkUniqueKey(frame, keyBytes, pos);
    frame.prevKeyStart = keyStart;
    frame.prevKeyEnd = keyEnd;
    frame.expectKey = false;
    if (this.stack.length === 1 && this.entries) {
      this.entries.push({ key: { start: keyStart, end: keyEnd }, value: { start: keyEnd, end: -1 } });
    }
    return keyEnd;
  }

  private checkCanonicalKey(frame: Frame, keyBytes: Buffer, pos: number): void {
    if (!isUtf8(keyBytes)) this.fail(pos, 'dictionary key is not valid UTF-8');
    // The bencode package renames such keys to hex, so they could not be decoded faithfully.
    if (keyBytes.includes(REPLACEMENT_CHARACTER)) this.fail(pos, 'dictionary key contains U+FFFD');
    if (frame.prevKeyStart < 0) return;
    const order = Buffer.compare(this.view.subarray(frame.prevKeyStart, frame.prevKeyEnd), keyBytes);
    if (order === 0) this.fail(pos, `duplicate dictionary key ${quoteKey(keyBytes)}`);
    if (order > 0) this.fail(pos, `dictionary keys not sorted (${quoteKey(keyBytes)} comes too late)`);
  }

  private checkUniqueKey(frame: Frame, keyBytes: Buffer, pos: number): void {
    const raw = keyBytes.toString('latin1');
    if (frame.seen?.has(raw)) this.fail(pos, `duplicate dictionary key ${quoteKey(keyBytes)}`);
    frame.seen?.add(raw);
  }

  /** `i<digits>e`: no leading zeros, no `-0`, within the safe integer range. Returns the end position. */
  private readInteger(pos: number): number {
    let cursor = pos + 1;
    if (this.view[cursor] === BYTE_MINUS) cursor++;
    const digitsStart = cursor;
    while (cursor < this.end && isDigit(this.view[cursor])) cursor++;
    const digits = cursor - digitsStart;
    if (cursor >= this.end) this.fail(pos, 'input ends inside an integer (truncated?)');
    if (digits === 0 || this.view[cursor] !== BYTE_E) this.fail(pos, 'malformed integer');
    if (this.view[digitsStart] === BYTE_0 && digits > 1) this.fail(pos, 'integer with a leading zero');
    if (this.view[digitsStart] === BYTE_0 && digitsStart > pos + 1) this.fail(pos, 'negative zero integer');
    if (digits > MAX_INTEGER_DIGITS || !Number.isSafeInteger(this.digitsValue(digitsStart, cursor))) {
      this.fail(pos, 'integer out of the supported range (±2^53)');
    }
    return cursor + 1;
  }

  /**
   * `<length>:<bytes>`: returns the end of the content and leaves its start in `stringStart`
   * (no span object per string: strings are most of the tokens).
   */
  private readString(pos: number): number {
    let cursor = pos;
    while (cursor < this.end && isDigit(this.view[cursor]) && cursor - pos <= MAX_LENGTH_DIGITS) cursor++;
    if (cursor >= this.end) this.fail(pos, 'input ends inside a byte string length (truncated?)');
    if (this.view[cursor] !== BYTE_COLON) this.fail(pos, 'malformed byte string length');
    if (this.view[pos] === BYTE_0 && cursor - pos > 1)
      this.fail(pos, 'byte string length with a leading zero');
    const length = this.digitsValue(pos, cursor);
    const contentStart = cursor + 1;
    if (length > this.end - contentStart) {
      this.fail(pos, `byte string of ${length} bytes runs past the end of the input (truncated?)`);
    }
    this.stringStart = contentStart;
    return contentStart + length;
  }

  /** The decimal value of the digits in [start, end), without building a string. */
  private digitsValue(start: number, end: number): number {
    let value = 0;
    for (let i = start; i < end; i++) value = value * 10 + (this.view[i] - BYTE_0);
    return value;
  }

  private countItem(pos: number): void {
    this.items++;
    if (this.items > this.limits.maxItems) this.fail(pos, `more than ${this.limits.maxItems} items`);
  }

  private fail(pos: number, what: string): never {
    throw new BencodeError(`Invalid bencode at byte ${pos}: ${what}`);
  }
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= BYTE_0 && byte <= BYTE_0 + 9;
}

function describeByte(byte: number): string {
  const hex = `0x${byte.toString(16).padStart(2, '0')}`;
  return byte >= 0x21 && byte <= 0x7e ? `'${String.fromCharCode(byte)}' (${hex})` : hex;
}

/** A key for an error message: its text when printable and short, else its hex. */
function quoteKey(key: Buffer): string {
  const text = key.toString('utf8');
  const printable = isUtf8(key) && key.length <= 64 && /^[\x20-\x7e\u00a0-\uffff]*$/.test(text);
  return printable ? JSON.stringify(text) : `0x${key.subarray(0, 32).toString('hex')}`;
}
