import {
  MemoryStatsLedger,
  MemorySwarmStore,
  type StatsEntry,
  type SwarmAnnounce,
  type SwarmAnnounceResult,
  type SwarmCounts,
} from '@tracker/core';

/**
 * The memory-sync announcer's ledger context is only there so the local store counts a
 * member's live peers (MAX_PEERS_PER_USER): credit is decided by the batch in Redis, so the
 * local store's own ledger entries are not kept.
 */
class DiscardingLedger extends MemoryStatsLedger {
  override append(_entry: StatsEntry): string {
    return '';
  }
  override assertRoom(): void {
    return;
  }
}

/** A peer as another announcer (or Redis, at load) reported it. */
export interface RemotePeer {
  readonly infoHash: Buffer;
  /** 8 bytes: the peer's slot id, its identity in Redis and here. */
  readonly slotId: Buffer;
  readonly ip: Buffer;
  readonly port: number;
  /** 0 seeder, 1 leecher, 2 stopped. */
  readonly band: number;
  /** Epoch ms of that announce. */
  readonly time: number;
  /** 0: none (open mode, or loaded from Redis, which keeps no user per peer record). */
  readonly userId: number;
}

interface SwarmInfo {
  readonly infoHash: Buffer;
  /** The completed counter as Redis last told it. */
  completed: number;
}

const NO_PEER_ID = Buffer.alloc(20);

/**
 * The swarms one memory-sync announcer answers from: a MemorySwarmStore (selection, counts,
 * expiry, minimum interval, peers per member) whose peers are keyed by their 8-byte slot id,
 * as in Redis, so a peer that announced here, arrived through the feed or was loaded at start
 * is the same peer. The completed counter is Redis's (what the batches and feed report), or
 * this store's own count of completions when that is higher (not written yet).
 */
export class LocalSwarms {
  private readonly store: MemorySwarmStore;
  private readonly swarms = new Map<string, SwarmInfo>();
  /** The latest `now` applied: remote changes never go back in time here (purge order). */
  private latest = 0;

  constructor(
    private readonly peerTtlSeconds: number,
    options: { readonly clock?: () => number; readonly random?: () => number } = {},
  ) {
    this.store = new MemorySwarmStore({ ledger: new DiscardingLedger(), ...options });
  }

  /** An announce answered here; `peerKey` must already be the slot id (latin1). */
  async announce(input: SwarmAnnounce): Promise<SwarmAnnounceResult> {
    const result = await this.store.announce(input);
    if (result.status !== 'ok') return result;
    if (input.now > this.latest) this.latest = input.now;
    const info = this.info(input.infoHash);
    return result.downloaded >= info.completed ? result : { ...result, downloaded: info.completed };
  }

  /**
   * A change written by another announcer, or loaded from Redis (`loading`: applied at its own
   * time, oldest first, so expiry is exact). Feed changes are applied at the latest time seen,
   * never earlier: such a peer expires here at most the feed's lag later than in Redis.
   */
  applyRemote(peer: RemotePeer, loading = false): void {
    const now = loading ? peer.time : Math.max(peer.time, this.latest);
    if (now > this.latest) this.latest = now;
    if (peer.ip.length !== 4 && peer.ip.length !== 16) return;
    this.info(peer.infoHash);
    void this.store
      .announce({
        infoHash: peer.infoHash,
        peerId: NO_PEER_ID,
        peerKey: peer.slotId.toString('latin1'),
        endpoint: { ip: peer.ip, port: peer.port },
        event: peer.band === 2 ? 'stopped' : 'none',
        uploaded: 0n,
        downloaded: 0n,
        left: peer.band === 0 ? 0n : 1n,
        numWant: 0,
        peerTtlSeconds: this.peerTtlSeconds,
        minIntervalSeconds: 0,
        now,
        ledger: peer.userId > 0 ? { userId: peer.userId, torrentId: 0, instance: '' } : undefined,
      })
      .catch(() => undefined); // synchronous inside; an address of another length was skipped above
  }

  /** Redis's completed counter for a swarm, when it is known to have changed. */
  setCompleted(infoHash: Buffer, completed: number): void {
    if (completed < 0) return;
    const info = this.info(infoHash);
    if (completed > info.completed) info.completed = completed;
  }

  async counts(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]> {
    const counts = await this.store.counts(infoHashes);
    return counts.map((c, i) => {
      const known = this.swarms.get(infoHashes[i].toString('latin1'))?.completed ?? 0;
      return c.downloaded >= known ? c : { ...c, downloaded: known };
    });
  }

  /** Every swarm this announcer knows, for the metrics census. */
  infoHashes(): Buffer[] {
    return [...this.swarms.values()].map((s) => s.infoHash);
  }

  /** Expired peers go, and with them the swarms left empty. O(swarms + expired peers). */
  async purgeExpired(now: number): Promise<void> {
    this.store.purgeExpired(now);
    const hashes = this.infoHashes();
    const counts = await this.store.counts(hashes);
    counts.forEach((c, i) => {
      if (c.complete + c.incomplete === 0) this.swarms.delete(hashes[i].toString('latin1'));
    });
  }

  async close(): Promise<void> {
    this.swarms.clear();
    await this.store.close();
  }

  private info(infoHash: Buffer): SwarmInfo {
    const key = infoHash.toString('latin1');
    let info = this.swarms.get(key);
    if (info === undefined) {
      info = { infoHash: Buffer.from(infoHash), completed: 0 };
      this.swarms.set(key, info);
    }
    return info;
  }
}
