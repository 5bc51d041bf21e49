import type { Duplex } from 'node:stream';
import { encodeFailureResponse } from '@tracker/core';

/**
 * Requests node:http refuses before our handler runs (oversize request line or headers,
 * headers too slow, garbage that is not HTTP): answered with the matching status and a
 * bencoded failure, never Node's default text, then the connection is closed.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, text, reason] = describe(err.code);
  const body = encodeFailureResponse(reason);
  const head =
    `HTTP/1.1 ${status} ${text}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
    `content-length: ${body.length}\r\nconnection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

function describe(code: string | undefined): [number, string, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'Request Header Fields Too Large', 'request line or headers too large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'Request Timeout', 'request took too long to arrive'];
    default:
      return [400, 'Bad Request', 'malformed HTTP request'];
  }
}
