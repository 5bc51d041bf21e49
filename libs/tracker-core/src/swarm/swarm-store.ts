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
 *   `downloaded` since the same peer's previous accepted announce, each judged on its own
 *   (`HoldCause`). A peer's first announce earns 0; counters that go down (client restart)
 *   become the new baseline and earn 0; a `started` after the peer's `stopped` opens a new
 *   session and earns 0 whatever it reports (clients count from zero at `started`); the
 *   baseline otherwise survives `stopped` for `peerTtlSeconds`. A positive delta is
 *   implausible, and is not credited, when it is
 *   - `too_fast`: larger than `maxCreditRate` bytes/s times the seconds since the peer's
 *     previous accepted announce over any family (at least 1 s);
 *   - `no_leechers` (uploaded only): no other peer could have received it: no other peer is a
 *     live leecher now, and no other peer announced as a leecher (left > 0, any event, or the
 *     announce that ended its leeching, such as its `completed`) at or after this peer's
 *     previous accepted announce. The swarm keeps the last two distinct leechers' announce
 *     times, so this is O(1);
 *   - `over_size` (downloaded only): larger than `torrentSize`, when that is known.
 *   An implausible delta is held: the result and the ledger entry credit 0 for it and carry
 *   the amount in `heldUploaded`/`heldDownloaded` with every cause that applied in
 *   `heldReason` (HOLD_CAUSES order, comma-joined: evidence for staff), and the baseline
 *   still moves on to the reported value, so the held bytes are never credited later.
 * - Peers per member: with a `ledger` context and `maxPeersPerUser` > 0, an announce that
 *   would make a NEW live peer (first announce, or after `stopped` or expiry; not a `stopped`)
 *   of a user who already has that many live peers in the swarm is refused with
 *   `{ status: 'too_many_peers', maxPeers }` and changes nothing (no ledger entry). Stopped
 *   and expired peers do not count; re-announces of live peers are never refused by it.
 * - Peer selection costs O(numWant), not O(swarm size).
 * - Minimum interval: a re-announce (event `none`, or `started` from a peer that is live over
 *   that family and has not stopped: a repeated `started` is a plain re-announce) sooner than
 *   `minIntervalSeconds` after its previous accepted announce over the same address family
 *   is refused with `{ status: 'too_soon' }` and changes nothing (no credit, no ledger
 *   entry, no refresh). Per family, because dual-stack clients announce over IPv4 and IPv6
 *   within the same second. `completed`, `stopped` and `paused` (real clients send them at
 *   any time), a `started` after `stopped`, and a peer's first announce over a family are
 *   always accepted; their credit is judged like any other.
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
  /** Fastest plausible transfer, bytes per second (`too_fast`). Absent or 0: no speed check. */
  readonly maxCreditRate?: number;
  /** The torrent's total size in bytes, when known (`over_size`). */
  readonly torrentSize?: bigint;
  /** Live peers one ledger user may have in the swarm. Absent or 0: no limit. */
  readonly maxPeersPerUser?: number;
}

/** Why a delta was not credited (see the contract). */
export type HoldCause = 'too_fast' | 'no_leechers' | 'over_size';

/** Every cause, in the order `heldReason` lists them. */
export const HOLD_CAUSES: readonly HoldCause[] = ['too_fast', 'no_leechers', 'over_size'];

/** '' when nothing was held, else the causes that applied, in HOLD_CAUSES order, comma-joined. */
export type HeldReason =
  '' | HoldCause | `${HoldCause},${HoldCause}` | `${HoldCause},${HoldCause},${HoldCause}`;

/** What an announce earned and what it claimed beyond the plausible: in results and ledger entries. */
export interface AnnounceCredit {
  /** Bytes credited (never negative). */
  readonly deltaUploaded: bigint;
  readonly deltaDownloaded: bigint;
  /** Bytes claimed but not credited, with why (`HeldReason`); 0 and '' when nothing was held. */
  readonly heldUploaded: bigint;
  readonly heldDownloaded: bigint;
  readonly heldReason: HeldReason;
}

export interface LedgerContext {
  readonly userId: number;
  readonly torrentId: number;
  /** Name of the announcer instance that accepted the announce. */
  readonly instance: string;
}

/**
 * One entry of the stats ledger (the Redis stats stream): what one announce earned, and what
 * it claimed that was held as implausible (the evidence staff review).
 */
export interface StatsEntry extends AnnounceCredit {
  readonly userId: number;
  readonly torrentId: number;
  readonly infoHashHex: string;
  readonly peerKey: string;
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

export type SwarmAnnounceResult = SwarmAnnounceAccepted | SwarmAnnounceTooSoon | SwarmAnnounceTooManyPeers;

export interface SwarmAnnounceTooSoon {
  readonly status: 'too_soon';
  /** Seconds the peer must still wait. */
  readonly retryAfterSeconds: number;
}

/** The user already has `maxPeers` live peers in the swarm; nothing changed. */
export interface SwarmAnnounceTooManyPeers {
  readonly status: 'too_many_peers';
  readonly maxPeers: number;
}

export interface SwarmAnnounceAccepted extends SwarmCounts, AnnounceCredit {
  readonly status: 'ok';
  readonly peers4: SwarmPeer[];
  readonly peers6: SwarmPeer[];
  /** True when this announce counted as the peer's completion. */
  readonly completedNow: boolean;
}
