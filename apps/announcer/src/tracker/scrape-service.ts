import { encodeScrapeResponse, parseScrapeQuery } from '@tracker/core';
import { requireActiveUser, requirePasskey } from './grant-checks.js';
import type { TrackerDeps } from './tracker-deps.js';

/** One scrape: in private mode only for an active passkey; at most SCRAPE_MAX_HASHES hashes. */
export async function serveScrape(
  deps: TrackerDeps,
  passkey: string | null | undefined,
  rawQuery: string,
): Promise<Buffer> {
  const { config } = deps;
  if (config.mode === 'private') {
    const valid = requirePasskey(passkey);
    const req = parseScrapeQuery(rawQuery, { maxHashes: config.scrapeMaxHashes });
    // Both reads at once: one round trip of waiting, so a hanging Redis is answered within
    // one command timeout. Counts read for a refused user are only thrown away.
    const [user, counts] = await Promise.all([
      deps.registry.findUser(valid),
      deps.store.scrape(req.infoHashes),
    ]);
    requireActiveUser(user);
    return encodeScrapeResponse(req.infoHashes, counts);
  }
  const req = parseScrapeQuery(rawQuery, { maxHashes: config.scrapeMaxHashes });
  return encodeScrapeResponse(req.infoHashes, await deps.store.scrape(req.infoHashes));
}
