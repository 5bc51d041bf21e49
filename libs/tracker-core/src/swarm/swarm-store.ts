/**
 * The swarm store port: where the tracker keeps who is in which swarm.
 *
 * Contract (every adapter must pass `runSwarmStoreContract` from `@tracker/core/testing`):
 * - `announce` upserts the announcing peer (or removes it on `stopped`) and, in the same
 *   atomic step, returns the swarm counts *after* the change and a random selection of at
 *   most `numWant` OTHER peers. A peer never receives itself.
 * - A seeder (left = 0) receives only leechers; a leecher receives seeders and leechers.
 * - IPv4 and IPv6 peers are kept apart: `peers4` holds only IPv4 peers, `peers6` only IPv6
 *   ones, and an announce receives peers of its own family only (an announce from a 4-byte
 *   endpoint gets `peers4` and an empty `peers6`, and the reverse): a client reachable over
 *   both families announces over each. A peer that announced over both families counts once
 *   in `complete`/`incomplete`; each of its endpoints expires on its own.
 * - A `stopped` announce returns no peers (the client is leaving).
 * - Peer identity within a swarm is the `peerKey` (see `PeerIdentity`); the same client
 *   re-announcing replaces its entry.
 * - Peers that have not announced for `peerTtlSeconds` expire: they are no longer returned
 *   or counted (adapters may purge lazily, but never count or return an expired peer).
 *   `announce` judges expiry by its `now` input; `scrape`/`counts` have no such input and
 *   use the store's clock (wall time), so tests drive expiry through `now` values near it.
 * - `completed` (the swarm's `downloaded` counter) increases by one exactly once per peer:
 *   when it reports event=completed with left=0 after having been seen with left > 0.
 * - Accounting: the result carries what this announce earned, the delta of `uploaded` and
 *   `downloaded` since the same peer's previous announce. A peer's first announce earns 0;
 *   counters that go down (client restart) reset the baseline and earn 0. The baseline
 *   survives `stopped` for `peerTtlSeconds`, so stop→start earns no double credit.
 * - Peer selection costs O(numWant), not O(swarm size).
 * - Minimum interval: a plain announce (event `none`) from a known peer sooner than
 *   `minIntervalSeconds` after its previous accepted announce over the same address family
 *   is refused with `{ status: 'too_soon' }` and changes nothing (no credit, no ledger
 *   entry, no refresh). Per family, because dual-stack clients announce over IPv4 and IPv6
 *   within the same second. Events (started, completed, stopped, paused) and a peer's first
 *   announce over a family are always accepted.
 * - Ledger: when `ledger` is given, an accepted announce appends one `StatsEntry` to the
 *   stats ledger in the same atomic step as the swarm change, so a crash can neither lose
 *   nor double a delta.
 * - `scrape` returns counts for each requested hash (zeros for unknown swarms).
 */
export interface SwarmStore {
  announce(input: SwarmAnnounce): Promise<SwarmAnnounceResult>;
  scrape(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]>;
  /** Counts only, for many swarms at once (one round trip where the store can). */
  counts(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]>;
  close(): Promise<void>;
}

export type AnnounceEvent = 'started' | 'completed' | 'stopped' | 'paused' | 'none';

export interface PeerEndpoint {
  /** 4 bytes (IPv4) or 16 bytes (IPv6). */
  readonly ip: Buffer;
  readonly port: number;
}

export interface SwarmAnnounce {
  readonly infoHash: Buffer;
  /** 20 bytes. */
  readonly peerId: Buffer;
  /**
   * Stable identity of the peer inside the swarm, chosen by the caller: the passkey/user
   * plus peer_id in private mode, peer_id + key in open mode. Bytes or string.
   */
  readonly peerKey: string;
  readonly endpoint: PeerEndpoint;
  readonly event: AnnounceEvent;
  readonly uploaded: bigint;
  readonly downloaded: bigint;
  readonly left: bigint;
  readonly numWant: number;
  /** Seconds after which a silent peer expires. */
  readonly peerTtlSeconds: number;
  /** See the contract: plain re-announces sooner than this are refused. 0 disables. */
  readonly minIntervalSeconds: number;
  /** Epoch milliseconds; passed in so stores stay deterministic under test. */
  readonly now: number;
  /** Who to credit; when present the earned delta is appended to the stats ledger. */
  readonly ledger?: LedgerContext;
}

export interface LedgerContext {
  readonly userId: number;
  readonly torrentId: number;
  /** Name of the announcer instance that accepted the announce. */
  readonly instance: string;
}

/** One entry of the stats ledger (the Redis stats stream): what one announce earned. */
export interface StatsEntry {
  readonly userId: number;
  readonly torrentId: number;
  readonly infoHashHex: string;
  readonly peerKey: string;
  readonly deltaUploaded: bigint;
  readonly deltaDownloaded: bigint;
  readonly left: bigint;
  readonly event: AnnounceEvent;
  readonly seeding: boolean;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly instance: string;
}

/**
 * A peer as handed to other peers: its endpoint only. Stores keep no peer_id for it, as
 * opentracker does: clients connect by address and learn the peer id in the BitTorrent
 * handshake, and 20 bytes per peer was a tenth of the Redis memory per peer (ADR 0009).
 */
export interface SwarmPeer {
  readonly ip: Buffer;
  readonly port: number;
}

export interface SwarmCounts {
  /** Seeders. */
  readonly complete: number;
  /** Leechers. */
  readonly incomplete: number;
  /** Times completed. */
  readonly downloaded: number;
}

export type SwarmAnnounceResult = SwarmAnnounceAccepted | SwarmAnnounceTooSoon;

export interface SwarmAnnounceTooSoon {
  readonly status: 'too_soon';
  /** Seconds the peer must still wait. */
  readonly retryAfterSeconds: number;
}

export interface SwarmAnnounceAccepted extends SwarmCounts {
  readonly status: 'ok';
  readonly peers4: SwarmPeer[];
  readonly peers6: SwarmPeer[];
  /** Bytes earned by this announce (never negative). */
  readonly deltaUploaded: bigint;
  readonly deltaDownloaded: bigint;
  /** True when this announce counted as the peer's completion. */
  readonly completedNow: boolean;
}
