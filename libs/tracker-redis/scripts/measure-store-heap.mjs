// Heap per peer of tracker-core's MemorySwarmStore (what a memory-sync announcer answers from),
// against opentracker's 19-70 B and bittorrent-tracker's 700-3,900 B (ADR 0019):
//   npx tsc -b libs/tracker-core/tsconfig.lib.json
//   node --expose-gc libs/tracker-redis/scripts/measure-store-heap.mjs          # 1,000,000 peers
//   PEERS=200000 PER_SWARM=50000 node --expose-gc libs/tracker-redis/scripts/measure-store-heap.mjs
// Peer keys as memory-sync keeps them (the 8-byte slot id as a latin1 string); IPv4; a third
// seeding; private-mode ledger users (the per-member peer count). At most 2,000,000 peers.
import { randomBytes } from 'node:crypto';
import { MemoryStatsLedger, MemorySwarmStore } from '../../tracker-core/dist/index.js';

const PEERS = Math.min(Number(process.env.PEERS ?? 1_000_000), 2_000_000);
const PER_SWARM = Math.max(1, Number(process.env.PER_SWARM ?? 10));
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

// The memory-sync store keeps no local ledger entries: credit is decided in Redis.
class DiscardingLedger extends MemoryStatsLedger {
  append() {
    return '';
  }
}

function heap() {
  globalThis.gc();
  globalThis.gc();
  // Buffers (each endpoint's address) live outside the JS heap: counted too.
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

const store = new MemorySwarmStore({ ledger: new DiscardingLedger() });
const before = heap();
const now = Date.now();
let hash = randomBytes(20);
for (let k = 0; k < PEERS; k++) {
  if (k % PER_SWARM === 0) hash = randomBytes(20);
  await store.announce({
    infoHash: hash,
    peerId: randomBytes(20),
    peerKey: randomBytes(8).toString('latin1'),
    endpoint: { ip: Buffer.from([10, (k >> 16) & 255, (k >> 8) & 255, k & 255]), port: 6881 },
    event: 'started',
    uploaded: 0n,
    downloaded: 0n,
    left: k % 3 === 0 ? 0n : 100n,
    numWant: 0,
    peerTtlSeconds: 2880,
    minIntervalSeconds: 0,
    now: now + k,
    ledger: { userId: k, torrentId: 1, instance: 'measure' },
  });
}
const after = heap();
// Used after the measurement, so the store is surely alive while it is taken.
const [counts] = await store.counts([hash]);
console.log(
  `MemorySwarmStore: ${PEERS} peers in swarms of ${PER_SWARM}: ${((after - before) / PEERS).toFixed(0)} bytes of heap and buffers per peer (last swarm: ${counts.complete + counts.incomplete} peers)`,
);
