import {
  INT_MAX_BYTES,
  bkey,
  textMaxBytes,
  writeChar,
  writeInt,
  writeRaw,
  writeText,
} from './bencode-writer.js';

export interface FailureOptions {
  /** Seconds; tells clients not to hammer us (e.g. after a too-soon announce). */
  readonly minInterval?: number;
  /** BEP 31: minutes after which the client may retry. */
  readonly retryIn?: number;
}

const K_FAILURE = bkey('failure reason');
const K_MIN_INTERVAL = bkey('min interval');
const K_RETRY_IN = bkey('retry in');

/**
 * `d14:failure reason<len>:<reason>...e`. Trackers answer failures with HTTP 200 and this
 * body: clients show the reason only when it comes bencoded.
 */
export function encodeFailureResponse(reason: string, opts: FailureOptions = {}): Buffer {
  const buf = Buffer.allocUnsafe(2 + 60 + 2 * INT_MAX_BYTES + textMaxBytes(reason));
  let off = writeChar(buf, 0, 'd');
  off = writeText(buf, writeRaw(buf, off, K_FAILURE), reason);
  if (opts.minInterval !== undefined)
    off = writeInt(buf, writeRaw(buf, off, K_MIN_INTERVAL), opts.minInterval);
  if (opts.retryIn !== undefined) off = writeInt(buf, writeRaw(buf, off, K_RETRY_IN), opts.retryIn);
  off = writeChar(buf, off, 'e');
  return buf.subarray(0, off);
}
