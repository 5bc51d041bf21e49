import {
  INT_MAX_BYTES,
  bkey,
  textMaxBytes,
  writeChar,
  writeInt,
  writeRaw,
  writeText,
} from './bencode-writer.js';

/**
 * When the client may come back. Clients read `interval` and `min interval` from a failure
 * as from a success and back off by them; without them each client falls back on its own
 * retry schedule, which can be seconds.
 */
export interface FailureOptions {
  /** Seconds until the client should retry. Defaults to `minInterval` when that is given. */
  readonly interval?: number;
  /** Seconds; tells clients not to hammer us (e.g. after a too-soon announce). */
  readonly minInterval?: number;
  /** BEP 31: minutes after which the client may retry. */
  readonly retryIn?: number;
}

const K_FAILURE = bkey('failure reason');
const K_INTERVAL = bkey('interval');
const K_MIN_INTERVAL = bkey('min interval');
const K_RETRY_IN = bkey('retry in');
/** 'd', 'e' and the four keys. */
const FIXED_BYTES = 2 + K_FAILURE.length + K_INTERVAL.length + K_MIN_INTERVAL.length + K_RETRY_IN.length;

/**
 * `d14:failure reason<len>:<reason>8:interval…12:min interval…e`. Trackers answer failures
 * with HTTP 200 and this body: clients show the reason only when it comes bencoded. Keys are
 * written in bencode's sorted order, which puts the reason first.
 */
export function encodeFailureResponse(reason: string, opts: FailureOptions = {}): Buffer {
  const buf = Buffer.allocUnsafe(FIXED_BYTES + 3 * INT_MAX_BYTES + textMaxBytes(reason));
  let off = writeChar(buf, 0, 'd');
  off = writeText(buf, writeRaw(buf, off, K_FAILURE), reason);
  // A failure that names only a minimum asks the client back after that minimum.
  const interval = opts.interval ?? opts.minInterval;
  if (interval !== undefined) off = writeInt(buf, writeRaw(buf, off, K_INTERVAL), interval);
  if (opts.minInterval !== undefined)
    off = writeInt(buf, writeRaw(buf, off, K_MIN_INTERVAL), opts.minInterval);
  if (opts.retryIn !== undefined) off = writeInt(buf, writeRaw(buf, off, K_RETRY_IN), opts.retryIn);
  off = writeChar(buf, off, 'e');
  return buf.subarray(0, off);
}
