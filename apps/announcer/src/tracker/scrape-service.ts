import {
  encodeScrapeResponse,
  parseScrapeQuery,
  requireActiveUser,
  requirePasskey,
  type SwarmCounts,
} from '@tracker/core';
import type { TrackerDeps } from './tracker-deps.js';

/** What a hash the registry does not hold scrapes as: the same as a hash nobody ever announced. */
const UNKNOWN: SwarmCounts = Object.freeze({ complete: 0, incomplete: 0, downloaded: 0 });

/**
 * One scrape: in private mode only for an active passkey, and a torrent that is not registered
 * (never published, unpublished, deleted) scrapes as unknown, as its announces are refused; its
 * peers may linger in the store until they expire. At most SCRAPE_MAX_HASHES hashes.
 */
export async function serveScrape(
  deps: TrackerDeps,
  passkey: string | null | undefined,
  rawQuery: string,
): Promise<Buffer> {
  const { config } = deps;
  if (config.mode === 'private') {
    const valid = requirePasskey(passkey);
    const req = parseScrapeQuery(rawQuery, { maxHashes: config.scrapeMaxHashes });
    // All reads at once: one round trip of waiting, so a hanging Redis is answered within
    // one command timeout. What is read for a refused user is only thrown away.
    const [user, torrents, counts] = await Promise.all([
      deps.registry.findUser(valid),
      deps.registry.findTorrents(req.infoHashes),
      deps.store.scrape(req.infoHashes),
    ]);
    requireActiveUser(user);
    const registered = counts.map((count, i) => (torrents[i] === null ? UNKNOWN : count));
    return encodeScrapeResponse(req.infoHashes, registered);
  }
  // Open mode has no registry: every hash is a swarm like any other.
  const req = parseScrapeQuery(rawQuery, { maxHashes: config.scrapeMaxHashes });
  return encodeScrapeResponse(req.infoHashes, await deps.store.scrape(req.infoHashes));
}
