import type { Redis } from 'ioredis';
import type { KeySchema } from '../../key-schema.js';
import { scanSwarms } from '../scan-swarms.js';
import type { RemotePeer } from './local-swarms.js';

const BAND = 1e13;

/** What a load found. */
export interface SwarmLoad {
  readonly swarms: number;
  readonly peers: number;
  readonly ms: number;
}

/** Where the loaded peers go: oldest first within each swarm, and each swarm's completed counter. */
export interface SwarmSink {
  applyRemote(peer: RemotePeer, loading: boolean): void;
  setCompleted(infoHash: Buffer, completed: number): void;
}

/**
 * Reads every live peer of every swarm from Redis into `sink`: SCAN for the `peers` keys,
 * then per SCAN batch two pipelined round trips (the sorted sets with scores; the records
 * and completed counters). A dual-stack record yields both endpoints, each at its own time.
 * Reads are not one snapshot: a peer written meanwhile is read as it was at its key's read,
 * and the peer feed (tailed from before the load) brings what changed after.
 */
export async function loadSwarms(
  redis: Redis,
  keys: KeySchema,
  peerTtlSeconds: number,
  sink: SwarmSink,
  now = Date.now(),
): Promise<SwarmLoad> {
  const started = Date.now();
  const cutoff = now - peerTtlSeconds * 1000;
  let swarms = 0;
  let peers = 0;
  for await (const hashes of scanSwarms(redis, keys)) {
    const members = await readMembers(redis, keys, hashes);
    const records = await readRecords(redis, keys, hashes, members);
    hashes.forEach((infoHash, i) => {
      const found = peersOf(infoHash, members[i], records[i].data, cutoff);
      found.sort((a, b) => a.time - b.time);
      for (const peer of found) sink.applyRemote(peer, true);
      sink.setCompleted(infoHash, records[i].completed);
      if (found.length > 0) swarms++;
      peers += found.length;
    });
  }
  return { swarms, peers, ms: Date.now() - started };
}

type Members = Array<{ readonly id: Buffer; readonly score: number }>;

async function readMembers(redis: Redis, keys: KeySchema, hashes: Buffer[]): Promise<Members[]> {
  const pipeline = redis.pipeline();
  for (const hash of hashes) pipeline.zrangeBuffer(keys.swarm(hash).peers, '0', '-1', 'WITHSCORES');
  return results(await pipeline.exec()).map((value) => {
    const flat = value as Buffer[];
    const out: Members = [];
    for (let i = 0; i + 1 < flat.length; i += 2)
      out.push({ id: flat[i], score: Number(flat[i + 1].toString()) });
    return out;
  });
}

async function readRecords(
  redis: Redis,
  keys: KeySchema,
  hashes: Buffer[],
  members: Members[],
): Promise<Array<{ data: Array<Buffer | null>; completed: number }>> {
  const pipeline = redis.pipeline();
  hashes.forEach((hash, i) => {
    const swarm = keys.swarm(hash);
    const ids = members[i].map((m) => m.id);
    if (ids.length > 0) pipeline.hmgetBuffer(swarm.peerData, ...ids);
    pipeline.get(swarm.completed);
  });
  const replies = results(await pipeline.exec());
  let at = 0;
  return hashes.map((_, i) => {
    const data = members[i].length > 0 ? (replies[at++] as Array<Buffer | null>) : [];
    const completed = Number(replies[at++] ?? 0);
    return { data, completed: Number.isFinite(completed) ? completed : 0 };
  });
}

/** The live endpoints of one swarm (KEY-SCHEMA.md's record layout). */
function peersOf(
  infoHash: Buffer,
  members: Members,
  data: Array<Buffer | null>,
  cutoff: number,
): RemotePeer[] {
  const out: RemotePeer[] = [];
  members.forEach(({ id, score }, i) => {
    const band = Math.floor(score / BAND);
    const time = score - band * BAND;
    const record = data[i];
    if (band > 1 || time <= cutoff || !record || record.length < 17) return;
    const flags = record[0];
    let pos = 17;
    const ep4 = flags & 4 ? record.subarray(pos, (pos += 6)) : undefined;
    const ep6 = flags & 8 ? record.subarray(pos, (pos += 18)) : undefined;
    const other = ep4 && ep6 && record.length >= pos + 8 ? record.readDoubleLE(pos) : undefined;
    const lastIs6 = (flags & 16) !== 0;
    const push = (ep: Buffer | undefined, at: number | undefined): void => {
      if (ep === undefined || at === undefined || at <= cutoff) return;
      const ip = ep.subarray(0, ep.length - 2);
      out.push({ infoHash, slotId: id, ip, port: ep.readUInt16BE(ep.length - 2), band, time: at, userId: 0 });
    };
    push(ep4, lastIs6 ? other : time);
    push(ep6, lastIs6 ? time : other);
  });
  return out;
}

function results(replies: [Error | null, unknown][] | null): unknown[] {
  if (replies === null) throw new Error('swarm load pipeline was discarded');
  return replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
