import { ClientError } from '../../errors/client-error.js';

/** BEP 41 option types. Every other type has a length byte and is skipped. */
const END_OF_OPTIONS = 0x0;
const NOP = 0x1;
const URL_DATA = 0x2;

/** Longer than any announce URL we hand out; the HTTP side allows 4096 for a whole query. */
export const MAX_URL_DATA_BYTES = 1024;

/**
 * The URL data of BEP 41 options (the bytes after a 98-byte announce): the path and query of
 * the tracker URL, e.g. `/announce?passkey=…`, split by the client into URLData options of at
 * most 255 bytes, concatenated here. Undefined when there is none. Options end at
 * EndOfOptions or at the end of the datagram; a length running past the end is a ClientError.
 * Bytes are kept as latin1 characters: the URL is ASCII, and nothing is decoded.
 */
export function readUrlData(datagram: Buffer, start: number): string | undefined {
  let parts: string | undefined;
  let off = start;
  while (off < datagram.length) {
    const type = datagram[off];
    if (type === END_OF_OPTIONS) break;
    if (type === NOP) {
      off += 1;
      continue;
    }
    if (off + 1 >= datagram.length) throw malformed();
    const length = datagram[off + 1];
    const end = off + 2 + length;
    if (end > datagram.length) throw malformed();
    if (type === URL_DATA) {
      parts = (parts ?? '') + datagram.toString('latin1', off + 2, end);
      if (parts.length > MAX_URL_DATA_BYTES)
        throw new ClientError(`URL data longer than ${MAX_URL_DATA_BYTES} bytes`, 'url_data_too_long');
    }
    off = end;
  }
  return parts;
}

function malformed(): ClientError {
  return new ClientError('malformed BEP 41 options: an option runs past the end', 'bad_options');
}

/** URLData options for `urlData` (what a client sends): 255 bytes each, then EndOfOptions. */
export function encodeUrlData(urlData: string): Buffer {
  const bytes = Buffer.from(urlData, 'latin1');
  const chunks: Buffer[] = [];
  for (let off = 0; off < bytes.length; off += 255) {
    const part = bytes.subarray(off, off + 255);
    chunks.push(Buffer.from([URL_DATA, part.length]), part);
  }
  chunks.push(Buffer.from([END_OF_OPTIONS]));
  return Buffer.concat(chunks);
}
