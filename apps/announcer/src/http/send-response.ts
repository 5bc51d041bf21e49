import type { ServerResponse } from 'node:http';
import { encodeFailureResponse, type FailureOptions } from '@tracker/core';

/**
 * Every tracker answer, success or failure, is HTTP 200 with a bencoded body: clients
 * show a `failure reason` only when it arrives that way. `close` asks the client to
 * reconnect elsewhere (used while draining on SIGTERM).
 */
export function sendBencoded(res: ServerResponse, body: Buffer, close: boolean): void {
  // A flat header list built once (only the length varies): the hot path of every
  // announce, where an object per response and its spread showed in the profile.
  const headers = close ? BENCODED_CLOSE : BENCODED_KEEP_ALIVE;
  headers[LENGTH_AT] = String(body.length);
  res.writeHead(200, headers);
  res.end(body);
}

const BENCODED_KEEP_ALIVE = [
  'content-type',
  'text/plain; charset=utf-8',
  'cache-control',
  'no-store',
  'content-length',
  '0',
];
const LENGTH_AT = 5;
const BENCODED_CLOSE = [...BENCODED_KEEP_ALIVE, 'connection', 'close'];

export function sendFailure(
  res: ServerResponse,
  reason: string,
  intervals: FailureOptions,
  close: boolean,
): void {
  sendBencoded(res, encodeFailureResponse(reason, intervals), close);
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  close: boolean,
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}
