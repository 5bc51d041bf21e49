// Reproduces the memory and latency figures in ../src/KEY-SCHEMA.md against a real Redis:
//   npx tsc -b libs/tracker-redis/tsconfig.lib.json && node libs/tracker-redis/scripts/measure-memory.mjs
// Uses a random key prefix on REDIS_URL (default redis://127.0.0.1:6379) and deletes it after.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createKeySchema, deleteKeysByPrefix, RedisSwarmStore } from '../dist/index.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const keys = createKeySchema(`measure:${randomBytes(4).toString('hex')}`);
const store = new RedisSwarmStore({ redis, keys, peerTtlSeconds: 2000 });
let serial = 0;

// Private mode: each peer's own ledger user with the announcer's default peer limit, so the
// swarm's users hash exists as in production. PRIVATE=0 measures open mode (no users hash).
const PRIVATE = process.env.PRIVATE !== '0';

function announce(infoHash, over = {}) {
  const k = serial++;
  return store.announce({
    infoHash,
    peerId: randomBytes(20),
    // A private-mode peer key: user id + peer_id hex, as the announcer builds it.
    peerKey: `u${k}:${randomBytes(20).toString('hex')}`,
    endpoint: { ip: Buffer.from([10, (k >> 16) & 255, (k >> 8) & 255, k & 255]), port: 6881 },
    event: 'started',
    uploaded: BigInt(k) * 1000n,
    downloaded: 5000n,
    left: k % 3 === 0 ? 0n : 100n,
    numWant: 50,
    peerTtlSeconds: 2000,
    minIntervalSeconds: 0,
    now: Date.now(),
    ...(PRIVATE ? { ledger: { userId: k, torrentId: 1, instance: 'measure' }, maxPeersPerUser: 3 } : {}),
    ...over,
  });
}

async function swarmBytes(hashes) {
  let total = 0;
  for (const ih of hashes) {
    const k = keys.swarm(ih);
    for (const key of [k.peers, k.peers6, k.peerData, k.completed, k.users])
      total += (await redis.memory('USAGE', key, 'SAMPLES', '0')) ?? 0;
  }
  return total;
}

async function fill(peers, perSwarm) {
  const hashes = Array.from({ length: peers / perSwarm }, () => randomBytes(20));
  const jobs = hashes.flatMap((ih) => Array.from({ length: perSwarm }, () => ih));
  for (let j = 0; j < jobs.length; j += 200)
    await Promise.all(jobs.slice(j, j + 200).map((ih) => announce(ih)));
  console.log(
    `${perSwarm}-peer swarms: ${((await swarmBytes(hashes)) / peers).toFixed(1)} bytes per peer (MEMORY USAGE)`,
  );
  return hashes;
}

/** Server-side EVALSHA time so far (INFO commandstats), in microseconds and calls. */
async function evalshaStats() {
  const line = (await redis.info('commandstats')).split('\n').find((l) => l.startsWith('cmdstat_evalsha:'));
  const m = /calls=(\d+),usec=(\d+)/.exec(line ?? '');
  return m ? { calls: Number(m[1]), usec: Number(m[2]) } : { calls: 0, usec: 0 };
}

async function timeAnnounces(hashes, count) {
  const before = await evalshaStats();
  const started = performance.now();
  for (let i = 0; i < count; i++) await announce(hashes[i % hashes.length], { left: 10n });
  const wall = (performance.now() - started) / count;
  const after = await evalshaStats();
  const server = (after.usec - before.usec) / Math.max(1, after.calls - before.calls);
  return `${wall.toFixed(3)} ms round trip, ${server.toFixed(0)} µs in Redis`;
}

try {
  const [hot] = await fill(50_000, 50_000);
  console.log(`50,000-peer swarm, sequential announces, numwant 50: ${await timeAnnounces([hot], 1000)}`);
  const small = await fill(20_000, 10);
  console.log(`10-peer swarms, sequential announces: ${await timeAnnounces(small, 1000)}`);
  await fill(20_000, 1);
} finally {
  await deleteKeysByPrefix(redis, keys.prefix);
  await redis.quit();
}
