import type { ServerResponse } from 'node:http';
import { encodeFailureResponse } from '@tracker/core';

/**
 * Every tracker answer, success or failure, is HTTP 200 with a bencoded body: clients
 * show a `failure reason` only when it arrives that way. `close` asks the client to
 * reconnect elsewhere (used while draining on SIGTERM).
 */
export function sendBencoded(res: ServerResponse, body: Buffer, close: boolean): void {
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

export function sendFailure(res: ServerResponse, reason: string, close: boolean): void {
  sendBencoded(res, encodeFailureResponse(reason), close);
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
