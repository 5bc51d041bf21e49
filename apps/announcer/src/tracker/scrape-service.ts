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
    requireActiveUser(await deps.registry.findUser(valid));
    return encodeScrapeResponse(req.infoHashes, await deps.store.scrape(req.infoHashes));
  }
  const req = parseScrapeQuery(rawQuery, { maxHashes: config.scrapeMaxHashes });
  return encodeScrapeResponse(req.infoHashes, await deps.store.scrape(req.infoHashes));
}
