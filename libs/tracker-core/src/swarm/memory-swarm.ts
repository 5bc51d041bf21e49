import { judgeCredit, NOTHING_EARNED } from './credit-check.js';
import { sampleIndexes } from './random-sample.js';
import type { AnnounceCredit, SwarmAnnounce, SwarmCounts, SwarmPeer } from './swarm-store.js';

/**
 * What the store remembers of one peer identity (`peerKey`): the accounting baseline and
 * completion state, which outlive a `stopped` for the TTL, and whether it is in the swarm.
 */
interface PeerRecord {
  readonly key: string;
  /** The ledger user it belongs to (private mode), for the per-user peer limit. */
  readonly userId: number | undefined;
  uploaded: bigint;
  downloaded: bigint;
  seenLeeching: boolean;
  completedCounted: boolean;
  seeding: boolean;
  /** Endpoints currently in the swarm (0, 1 or 2 families); counted when > 0, 0 after `stopped`. */
  liveEndpoints: number;
  /** The last accepted announce over any family: what credit speed is judged against. */
  acceptedAt: number;
  expiresAt: number;
}

/** A leecher's last announce (left > 0), for "could anyone have received the upload". */
interface LeecherMark {
  readonly key: string;
  readonly at: number;
}

/** One address family's presence of a peer; kept in exactly one pool while live. */
interface Endpoint {
  readonly record: PeerRecord;
  readonly mapKey: string;
  readonly family: 0 | 1;
  peer: SwarmPeer;
  acceptedAt: number;
  expiresAt: number;
  pool: Endpoint[];
  index: number;
}

/** The changes one accepted announce makes, computed before anything is changed. */
export interface AnnouncePlan extends AnnounceCredit {
  readonly completedNow: boolean;
}

const FAMILY_PREFIX = ['4', '6'] as const;

/**
 * One torrent's swarm in memory. Peers sit in arrays per family and role (with each
 * endpoint knowing its index) so removal is O(1) swap-and-pop and a random selection is
 * O(numWant). Maps are kept in refresh order (delete + set), so the entries that expire
 * first are always at the front and purging costs O(expired). That order assumes `now`
 * does not go backwards, which holds for a wall clock.
 */
export class MemorySwarm {
  private readonly records = new Map<string, PeerRecord>();
  private readonly endpoints = new Map<string, Endpoint>();
  /** [family][0 = seeders, 1 = leechers] */
  private readonly pools: Endpoint[][][] = [
    [[], []],
    [[], []],
  ];
  private complete = 0;
  private incomplete = 0;
  private completed = 0;
  /** The last two distinct leechers to announce, most recent first. */
  private leechers: [LeecherMark?, LeecherMark?] = [];
  /** Live peers per ledger user (entries at 0 are deleted). */
  private readonly livePerUser = new Map<number, number>();

  get isEmpty(): boolean {
    return this.records.size === 0;
  }

  counts(): SwarmCounts {
    return { complete: this.complete, incomplete: this.incomplete, downloaded: this.completed };
  }

  /** Drops endpoints and identities whose TTL has passed. */
  purge(now: number): void {
    for (const endpoint of this.endpoints.values()) {
      if (endpoint.expiresAt > now) break;
      this.removeEndpoint(endpoint);
    }
    for (const record of this.records.values()) {
      if (record.expiresAt > now) break;
      this.removeEndpoints(record);
      this.records.delete(record.key);
    }
  }

  /** Seconds the peer must still wait, or 0 when this announce is accepted. */
  tooSoonBy(input: SwarmAnnounce, family: 0 | 1): number {
    const plain = input.event === 'none' || input.event === 'started';
    if (!plain || input.minIntervalSeconds <= 0) return 0;
    // Only live, not stopped peers have an endpoint: a repeated `started` is a re-announce,
    // a `started` after `stopped` a new session.
    const endpoint = this.endpoints.get(FAMILY_PREFIX[family] + input.peerKey);
    if (endpoint === undefined) return 0;
    const wait = endpoint.acceptedAt + input.minIntervalSeconds * 1000 - input.now;
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /** True when the announce would add a live peer to a user who has `maxPeersPerUser` already. */
  overPeerLimit(input: SwarmAnnounce): boolean {
    const max = input.maxPeersPerUser ?? 0;
    if (max <= 0 || input.ledger === undefined || input.event === 'stopped') return false;
    const record = this.records.get(input.peerKey);
    if (record !== undefined && record.liveEndpoints > 0) return false;
    return (this.livePerUser.get(input.ledger.userId) ?? 0) >= max;
  }

  /** Credit and completion this announce earns, without changing anything. */
  plan(input: SwarmAnnounce): AnnouncePlan {
    const record = this.records.get(input.peerKey);
    // A first announce, or a new session after `stopped`: clients count from zero at started.
    const newSession = record !== undefined && record.liveEndpoints === 0 && input.event === 'started';
    if (record === undefined || newSession) return { ...NOTHING_EARNED, completedNow: false };
    const credit = judgeCredit({
      uploaded: input.uploaded > record.uploaded ? input.uploaded - record.uploaded : 0n,
      downloaded: input.downloaded > record.downloaded ? input.downloaded - record.downloaded : 0n,
      elapsedMs: input.now - record.acceptedAt,
      maxCreditRate: input.maxCreditRate ?? 0,
      torrentSize: input.torrentSize,
      uploadReceivable: () => this.otherLeecherSince(record),
    });
    return {
      ...credit,
      completedNow:
        input.event === 'completed' && input.left === 0n && record.seenLeeching && !record.completedCounted,
    };
  }

  /** Applies an accepted announce (see `plan`). */
  apply(input: SwarmAnnounce, family: 0 | 1, plan: AnnouncePlan): void {
    const before = this.records.get(input.peerKey);
    // A leecher's announce, or the one that ends its leeching (it received bytes until now).
    const leeching = input.left > 0n || (before !== undefined && before.liveEndpoints > 0 && !before.seeding);
    const record = this.refreshRecord(input);
    if (leeching) this.markLeecher(record.key, input.now);
    if (plan.completedNow) {
      record.completedCounted = true;
      this.completed++;
    }
    if (input.event === 'stopped') {
      this.removeEndpoints(record);
      return;
    }
    this.setSeeding(record, input.left === 0n);
    this.upsertEndpoint(record, input, family);
  }

  /** Up to `numWant` random other peers of the family: leechers for a seeder, anyone for a leecher. */
  select(peerKey: string, family: 0 | 1, numWant: number, random: () => number): SwarmPeer[] {
    const self = this.endpoints.get(FAMILY_PREFIX[family] + peerKey);
    if (self === undefined || numWant <= 0) return [];
    const [seeders, leechers] = this.pools[family];
    const first = self.record.seeding ? [] : seeders;
    // The requester's own slot is skipped by shifting every index from it onwards by one.
    const selfAt = self.record.seeding ? Number.MAX_SAFE_INTEGER : first.length + self.index;
    const total = first.length + leechers.length - (self.record.seeding ? 0 : 1);
    const out: SwarmPeer[] = [];
    for (const v of sampleIndexes(total, numWant, random)) {
      const i = v < selfAt ? v : v + 1;
      out.push(i < first.length ? first[i].peer : leechers[i - first.length].peer);
    }
    return out;
  }

  /**
   * Could another peer have received what `record` uploaded since its last announce: some
   * other peer is leeching now, or announced as a leecher since then.
   */
  private otherLeecherSince(record: PeerRecord): boolean {
    const selfLeeching = record.liveEndpoints > 0 && !record.seeding;
    if (this.incomplete - (selfLeeching ? 1 : 0) > 0) return true;
    const [last, before] = this.leechers;
    const other = last !== undefined && last.key !== record.key ? last : before;
    return other !== undefined && other.at >= record.acceptedAt;
  }

  /** O(1): the last two distinct leechers, so "the last one other than me" is one look. */
  private markLeecher(key: string, now: number): void {
    const [last] = this.leechers;
    this.leechers =
      last === undefined || last.key === key
        ? [{ key, at: now }, this.leechers[1]]
        : [{ key, at: now }, last];
  }

  private refreshRecord(input: SwarmAnnounce): PeerRecord {
    let record = this.records.get(input.peerKey);
    if (record === undefined) {
      record = {
        key: input.peerKey,
        userId: input.ledger?.userId,
        uploaded: input.uploaded,
        downloaded: input.downloaded,
        seenLeeching: false,
        completedCounted: false,
        seeding: input.left === 0n,
        liveEndpoints: 0,
        acceptedAt: 0,
        expiresAt: 0,
      };
    } else {
      this.records.delete(input.peerKey);
    }
    // The baseline always follows the client: a counter that went down (restart) starts over.
    record.uploaded = input.uploaded;
    record.downloaded = input.downloaded;
    if (input.left > 0n) record.seenLeeching = true;
    record.acceptedAt = input.now;
    record.expiresAt = input.now + input.peerTtlSeconds * 1000;
    this.records.set(input.peerKey, record);
    return record;
  }

  private upsertEndpoint(record: PeerRecord, input: SwarmAnnounce, family: 0 | 1): void {
    const mapKey = FAMILY_PREFIX[family] + record.key;
    let endpoint = this.endpoints.get(mapKey);
    if (endpoint === undefined) {
      const pool = this.pools[family][record.seeding ? 0 : 1];
      endpoint = {
        record,
        mapKey,
        family,
        peer: toPeer(input),
        acceptedAt: 0,
        expiresAt: 0,
        pool,
        index: pool.length,
      };
      pool.push(endpoint);
      if (record.liveEndpoints++ === 0) {
        this.count(record, 1);
        this.countUserPeer(record, 1);
      }
    } else {
      this.endpoints.delete(mapKey);
      if (!samePeer(endpoint.peer, input)) endpoint.peer = toPeer(input);
    }
    endpoint.acceptedAt = input.now;
    endpoint.expiresAt = input.now + input.peerTtlSeconds * 1000;
    this.endpoints.set(mapKey, endpoint);
  }

  private setSeeding(record: PeerRecord, seeding: boolean): void {
    if (record.seeding === seeding) return;
    const live = record.liveEndpoints > 0;
    if (live) this.count(record, -1);
    record.seeding = seeding;
    if (live) this.count(record, 1);
    for (const prefix of FAMILY_PREFIX) {
      const endpoint = this.endpoints.get(prefix + record.key);
      if (endpoint === undefined) continue;
      takeOut(endpoint);
      endpoint.pool = this.pools[endpoint.family][seeding ? 0 : 1];
      endpoint.index = endpoint.pool.length;
      endpoint.pool.push(endpoint);
    }
  }

  private removeEndpoints(record: PeerRecord): void {
    for (const prefix of FAMILY_PREFIX) {
      const endpoint = this.endpoints.get(prefix + record.key);
      if (endpoint !== undefined) this.removeEndpoint(endpoint);
    }
  }

  private removeEndpoint(endpoint: Endpoint): void {
    takeOut(endpoint);
    this.endpoints.delete(endpoint.mapKey);
    if (--endpoint.record.liveEndpoints === 0) {
      this.count(endpoint.record, -1);
      this.countUserPeer(endpoint.record, -1);
    }
  }

  private countUserPeer(record: PeerRecord, sign: 1 | -1): void {
    if (record.userId === undefined) return;
    const n = (this.livePerUser.get(record.userId) ?? 0) + sign;
    if (n > 0) this.livePerUser.set(record.userId, n);
    else this.livePerUser.delete(record.userId);
  }

  /** Adds (+1) or removes (-1) an identity from the counts; callers track liveness. */
  private count(record: PeerRecord, sign: 1 | -1): void {
    if (record.seeding) this.complete += sign;
    else this.incomplete += sign;
  }
}

/** O(1) removal from the endpoint's pool: the last endpoint takes its slot. */
function takeOut(endpoint: Endpoint): void {
  const pool = endpoint.pool;
  const last = pool.pop() as Endpoint;
  if (last !== endpoint) {
    pool[endpoint.index] = last;
    last.index = endpoint.index;
  }
}

function toPeer(input: SwarmAnnounce): SwarmPeer {
  // Copies: the caller's buffers may be views into memory it reuses.
  return Object.freeze({
    ip: Buffer.from(input.endpoint.ip),
    port: input.endpoint.port,
  });
}

function samePeer(peer: SwarmPeer, input: SwarmAnnounce): boolean {
  return peer.port === input.endpoint.port && peer.ip.equals(input.endpoint.ip);
}
