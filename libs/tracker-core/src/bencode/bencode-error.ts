import { ClientError } from '../errors/client-error.js';

/**
 * Input that is not acceptable bencode. The message names what is wrong and the byte offset,
 * so it can be shown to whoever sent the bytes.
 */
export class BencodeError extends ClientError {
  constructor(message: string, code = 'invalid_bencode') {
    super(message, code);
  }
}
