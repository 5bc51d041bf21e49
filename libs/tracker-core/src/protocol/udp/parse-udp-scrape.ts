import { ClientError } from '../../errors/client-error.js';
import type { ScrapeRequest } from '../http/announce-request.js';
import { UDP_HEADER_BYTES, UDP_SCRAPE_MAX_HASHES } from './udp-wire.js';

/**
 * The info hashes of a UDP scrape (BEP 15: 20 bytes each after the header), in request order,
 * duplicates kept: the answer has one entry per hash, in the same order. At most `maxHashes`
 * (never above the 74 a packet holds). Throws a ClientError.
 */
export function parseUdpScrape(datagram: Buffer, opts: { readonly maxHashes: number }): ScrapeRequest {
  const bytes = datagram.length - UDP_HEADER_BYTES;
  if (bytes <= 0 || bytes % 20 !== 0)
    throw new ClientError('scrape must carry one or more 20-byte info hashes', 'invalid_info_hash');
  const count = bytes / 20;
  const max = Math.min(opts.maxHashes, UDP_SCRAPE_MAX_HASHES);
  if (count > max)
    throw new ClientError(`too many info_hash values (at most ${max})`, 'too_many_info_hashes');
  const infoHashes: Buffer[] = [];
  for (let off = UDP_HEADER_BYTES; off < datagram.length; off += 20)
    infoHashes.push(Buffer.from(datagram.subarray(off, off + 20)));
  return { infoHashes };
}
