import { ClientError } from '../errors/client-error.js';

/** An uploaded .torrent we refuse; the message is written for the person who uploaded it. */
export class MetainfoError extends ClientError {
  constructor(message: string, code = 'invalid_torrent') {
    super(message, code);
  }
}
