/**
 * An error whose message is safe to send to a BitTorrent client as a bencoded
 * `failure reason` (or to show a person). Anything that is not a ClientError is an
 * internal fault: log it with context and answer with a generic message.
 */
export class ClientError extends Error {
  override name = 'ClientError';
  constructor(
    message: string,
    /** Stable machine-readable code, used as a metrics label. */
    readonly code = 'bad_request',
  ) {
    super(message);
  }
}

export function isClientError(err: unknown): err is ClientError {
  return err instanceof ClientError;
}
