// Measures what one private-mode announce costs in the batch script, on each side of the socket:
//   npx tsc -b libs/tracker-redis/tsconfig.lib.json && node libs/tracker-redis/scripts/measure-script-cost.mjs
// 1,000 swarms of 10 peers (registry entries included), then 32,000 plain re-announces in
// batches of 32 through RedisSwarmStore. Prints Redis's time inside scripts (INFO
// commandstats) and this process's CPU per announce. Uses a random key prefix on REDIS_URL
// (default redis://127.0.0.1:6379) and deletes it after. Pin it away from Redis for stable
// figures, e.g. `taskset -c 1`.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createKeySchema, deleteKeysByPrefix, RedisSwarmStore } from '../dist/index.js';

const TORRENTS = 1000;
const PEERS_PER_TORRENT = 10;
const ANNOUNCES = 32_000;
const BATCH = 32;

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const keys = createKeySchema(`measure:${randomBytes(4).toString('hex')}`);
const store = new RedisSwarmStore({ redis, keys, peerTtlSeconds: 2000 });
const slots = TORRENTS * PEERS_PER_TORRENT;
const hashes = Array.from({ length: TORRENTS }, () => randomBytes(20));
const passkeys = Array.from({ length: slots }, () => randomBytes(16).toString('hex'));

try {
  const registry = redis.pipeline();
  hashes.forEach((h, i) =>
    registry.hset(keys.torrent(h), 'id', String(i + 1), 'fl', '0', 'sz', '1000000000'),
  );
  passkeys.forEach((pk, i) => registry.hset(keys.user(pk), 'id', String(i + 1), 'en', '1', 'lc', '1'));
  await registry.exec();

  let now = Date.now();
  const announce = (slot, event) =>
    store.announceRegistered({
      infoHash: hashes[slot % TORRENTS],
      peerId: Buffer.from(`-XX0001-${String(slot).padStart(12, '0')}`),
      endpoint: { ip: Buffer.from([127, 0, 0, 1]), port: 1025 + Math.floor(slot / TORRENTS) },
      event,
      uploaded: BigInt(slot * 1000),
      downloaded: 0n,
      left: slot % 4 === 0 ? 0n : 100n,
      numWant: 50,
      peerTtlSeconds: 2000,
      minIntervalSeconds: 0,
      now: now++,
      passkey: passkeys[slot],
      instance: 'measure',
      // The announcer's defaults: credit checks and the per-member limit run as in production.
      maxCreditRate: 134_217_728,
      maxPeersPerUser: 3,
    });
  for (let s = 0; s < slots; s += 50)
    await Promise.all(Array.from({ length: 50 }, (_, k) => announce(s + k, 'started')));

  const [calls0, usec0] = await scriptStats();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < ANNOUNCES; i += BATCH)
    await Promise.all(
      Array.from({ length: BATCH }, () => announce(Math.floor(Math.random() * slots), 'none')),
    );
  const cpu = process.cpuUsage(cpu0);
  const [calls1, usec1] = await scriptStats();
  const redisUs = (usec1 - usec0) / ANNOUNCES;
  const nodeUs = (cpu.user + cpu.system) / ANNOUNCES;
  console.log(
    `${redisUs.toFixed(1)} µs in Redis scripts per announce (${((usec1 - usec0) / (calls1 - calls0)).toFixed(0)} µs per call of ${BATCH}); ` +
      `${nodeUs.toFixed(1)} µs of this process's CPU per announce`,
  );
} finally {
  await deleteKeysByPrefix(redis, keys.prefix);
  await redis.quit();
}

async function scriptStats() {
  const info = await redis.info('commandstats');
  let calls = 0;
  let usec = 0;
  for (const m of info.matchAll(/^cmdstat_eval(?:sha)?:calls=(\d+),usec=(\d+)/gm)) {
    calls += Number(m[1]);
    usec += Number(m[2]);
  }
  return [calls, usec];
}
