import { createKeySchema } from '@tracker/redis';
import type { TestServices } from './test-services.js';
import { waitFor } from './wait-for.js';

/**
 * The site publishes users and torrents through its outbox: resolves once the announcer's
 * registry in Redis holds every one (key names from the shared key schema).
 */
export async function waitForRegistry(
  services: TestServices,
  infoHashes: readonly string[],
  passkeys: readonly string[],
): Promise<void> {
  const schema = createKeySchema(services.redisPrefix);
  const keys = [
    ...infoHashes.map((ih) => schema.torrent(Buffer.from(ih, 'hex'))),
    ...passkeys.map((pk) => schema.user(pk)),
  ];
  const redis = services.redis();
  try {
    await waitFor(
      'the registry to hold every torrent and user',
      async () => ((await redis.exists(...keys)) === keys.length ? true : undefined),
      10_000,
    );
  } finally {
    redis.disconnect();
  }
}

/**
 * Entries of the stats stream the site's consumer groups have not acknowledged yet: `pending`
 * were delivered to a consumer (read, not yet acknowledged), `lag` not delivered at all.
 */
export async function unacknowledgedStats(services: TestServices): Promise<{ pending: number; lag: number }> {
  const redis = services.redis();
  try {
    const stream = createKeySchema(services.redisPrefix).statsStream;
    const groups = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
    return groups.reduce<{ pending: number; lag: number }>(
      (sum, g) => ({
        pending: sum.pending + Number(field(g, 'pending') ?? 0),
        lag: sum.lag + Number(field(g, 'lag') ?? 0),
      }),
      { pending: 0, lag: 0 },
    );
  } finally {
    redis.disconnect();
  }
}

function field(reply: unknown[], name: string): unknown {
  const at = reply.indexOf(name);
  return at >= 0 ? reply[at + 1] : undefined;
}
