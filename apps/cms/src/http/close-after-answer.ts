import type { Response } from 'express';

/** How long the client gets to read the answer before the connection is torn down. */
const LINGER_MS = 2_000;

/**
 * Closes the connection once the answer is sent, without reading the rest of the request body
 * (a 60 MB upload over the limit is refused, not received). Not with `Connection: close`: Node
 * then destroys the socket as soon as the answer is flushed, and a client still sending gets a
 * reset that can discard the answer before it reads it. Here the answer is followed by a FIN,
 * and the socket is destroyed when the client closes or after LINGER_MS, whichever is first;
 * meanwhile the unread body stays in the kernel's buffers, which stop the sender.
 */
export function closeAfterAnswer(res: Response): void {
  const socket = res.req.socket;
  res.once('finish', () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
    socket.once('close', () => clearTimeout(timer));
  });
}
