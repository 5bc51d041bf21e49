import type { Duplex } from 'node:stream';
import { encodeFailureResponse, type FailureOptions } from '@tracker/core';

/**
 * Requests node:http refuses before our handler runs (oversize request line or headers,
 * headers too slow, garbage that is not HTTP): answered like every other client error, HTTP
 * 200 with a bencoded failure reason and the intervals to back off by (clients show the
 * reason only then; under another status libtorrent reports just the status), never Node's
 * default text; then the connection closes.
 */
export function clientErrorHandler(
  intervals: FailureOptions,
): (err: Error & { code?: string }, socket: Duplex) => void {
  return (err, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const body = encodeFailureResponse(reasonFor(err.code), intervals);
    const head =
      `HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${body.length}\r\nconnection: close\r\n\r\n`;
    socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  };
}

function reasonFor(code: string | undefined): string {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'request line or headers too large';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'request took too long to arrive';
    default:
      return 'malformed HTTP request';
  }
}
