import type { Redis } from 'ioredis';

/**
 * Deletes every key under `<prefix>:` with SCAN + UNLINK in batches (never KEYS, which blocks
 * Redis). For tests, benchmarks and operators (e.g. clearing `<prefix>:sw` after a swarm
 * record format change, ADR 0010). Returns how many keys were deleted.
 */
export async function deleteKeysByPrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (found.length > 0) deleted += await redis.unlink(...found);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}
