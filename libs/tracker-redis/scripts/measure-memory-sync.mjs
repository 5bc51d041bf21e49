// How long a memory-sync announcer takes to load its swarms from Redis, and what its heap
// holds per peer then (ADR 0019):
//   npx tsc -b libs/tracker-redis/tsconfig.lib.json
//   node --expose-gc libs/tracker-redis/scripts/measure-memory-sync.mjs        # 1,000,000 peers
//   PEERS=100000 PER_SWARM=10 node --expose-gc libs/tracker-redis/scripts/measure-memory-sync.mjs
// Writes the peers through the credit batch script (the layout the announcers write), under a
// random key prefix on REDIS_URL (default redis://127.0.0.1:6379), and deletes them after.
// Bounded: at most 2,000,000 peers (about 250 MB of Redis and 1 GB of Node heap).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  createKeySchema,
  CreditBatchWriter,
  deleteKeysByPrefix,
  encodeCreditRecord,
  MemorySyncSwarmStore,
} from '../dist/index.js';

const PEERS = Math.min(Number(process.env.PEERS ?? 1_000_000), 2_000_000);
const PER_SWARM = Math.max(1, Number(process.env.PER_SWARM ?? 10));
const TTL = 2880;
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(url);
const tail = new Redis(url);
const keys = createKeySchema(`measure:${randomBytes(4).toString('hex')}`);

async function fill() {
  const writer = new CreditBatchWriter({ redis, keys, writer: 'measure:fill', maxBatch: 256 });
  const now = Date.now();
  let hash = randomBytes(20);
  for (let k = 0; k < PEERS; k++) {
    if (k % PER_SWARM === 0) hash = randomBytes(20);
    const record = encodeCreditRecord({
      infoHash: hash,
      slotId: randomBytes(8),
      peerKey: `u${k}:${k}`,
      endpoint: { ip: Buffer.from([10, (k >> 16) & 255, (k >> 8) & 255, k & 255]), port: 6881 },
      event: 'started',
      uploaded: 0n,
      downloaded: 0n,
      left: k % 3 === 0 ? 0n : 100n,
      now: now - (PEERS - k), // oldest first, all live
      peerTtlSeconds: TTL,
      ledger: undefined,
      completedTtlMs: 86_400_000,
    });
    writer.append(record);
    if (k % 25_600 === 25_599) await writer.flush();
  }
  await writer.flush();
  writer.close();
}

function heap() {
  globalThis.gc();
  globalThis.gc();
  // Buffers (each endpoint's address) live outside the JS heap: counted too.
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

try {
  const filledAt = Date.now();
  await fill();
  console.log(`filled ${PEERS} peers in ${PEERS / PER_SWARM} swarms in ${Date.now() - filledAt} ms`);
  const before = heap();
  const store = new MemorySyncSwarmStore({ redis, tail, keys, instance: 'measure', peerTtlSeconds: TTL });
  const started = Date.now();
  await store.start();
  const ms = Date.now() - started;
  const after = heap();
  const { load } = store.stats();
  console.log(`loaded ${load.peers} peers of ${load.swarms} swarms in ${ms} ms (swarms alone ${load.ms} ms)`);
  console.log(`heap and buffers per loaded peer: ${((after - before) / load.peers).toFixed(0)} bytes`);
  await store.close();
} finally {
  await deleteKeysByPrefix(redis, keys.prefix);
  await Promise.all([redis.quit(), tail.quit()]);
}
