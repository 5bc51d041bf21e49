import type { Redis } from 'ioredis';
import { scriptKeyParts, type KeySchema } from '../key-schema.js';

const SCAN_BATCH = 500;

/**
 * The info hashes that have a `peers` key under this schema, in batches as SCAN finds them
 * (for the announcer's metrics census). SCAN may report a key twice and reports keys as they
 * are while it walks: the census only sums counts, so a rare duplicate is harmless. The pattern
 * is the schema's own key name with `*` for the hash (the prefix has no glob characters).
 */
export async function* scanSwarms(redis: Redis, keys: KeySchema): AsyncIterable<Buffer[]> {
  const { swarmHead, suffixes } = scriptKeyParts(keys);
  const pattern = `${swarmHead}*${suffixes.peers}`;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
    cursor = next;
    const hashes = found.flatMap((key) => {
      const hex = key.slice(swarmHead.length, key.length - suffixes.peers.length);
      return /^[0-9a-f]{40}$/.test(hex) ? [Buffer.from(hex, 'hex')] : [];
    });
    if (hashes.length > 0) yield hashes;
  } while (cursor !== '0');
}
