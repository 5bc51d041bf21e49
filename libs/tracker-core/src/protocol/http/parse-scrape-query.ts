import { ClientError } from '../../errors/client-error.js';
import type { ScrapeParseOptions, ScrapeRequest } from './announce-request.js';
import { decodeBytes } from './query-values.js';
import { forEachParam, invalidParam } from './query-params.js';

/** Each info_hash costs at most `info_hash=` + 60 escaped chars + `&`. */
const BYTES_PER_HASH = 71;
const SLACK = 1024;
const INFO_HASH = new Map([['info_hash', true]]);
const REPEATABLE = new Set(['info_hash']);

/**
 * Parses the raw query string of a scrape. info_hash may repeat (that is how a client
 * asks for several torrents); other params are ignored. A scrape without info_hash (a
 * "full scrape" of every torrent) is refused: on a private tracker it would list the
 * whole catalogue, and its cost grows with it.
 */
export function parseScrapeQuery(rawQuery: string, opts: ScrapeParseOptions): ScrapeRequest {
  if (rawQuery.length > opts.maxHashes * BYTES_PER_HASH + SLACK) {
    throw new ClientError('query string too long', 'query_too_long');
  }
  const infoHashes: Buffer[] = [];
  forEachParam(
    rawQuery,
    INFO_HASH,
    (_, start, end) => {
      const hash = decodeBytes(rawQuery, start, end, 20);
      if (hash === undefined || hash.length !== 20)
        throw invalidParam('info_hash', 'must be 20 bytes, percent-encoded');
      if (infoHashes.length === opts.maxHashes) {
        throw new ClientError(
          `too many info_hash values (at most ${opts.maxHashes})`,
          'too_many_info_hashes',
        );
      }
      infoHashes.push(hash);
    },
    REPEATABLE,
  );
  if (infoHashes.length === 0)
    throw new ClientError('missing info_hash (full scrape is not offered)', 'invalid_info_hash');
  return { infoHashes };
}
