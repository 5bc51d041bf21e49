/**
 * The ONE place that names every Redis key the CMS and the announcer share. Both apps
 * build keys only through `createKeySchema`, so the layout documented in KEY-SCHEMA.md
 * (types, TTLs, memory per peer) is the contract between them.
 *
 * Every key of one swarm carries the hash tag `{<info_hash hex>}` so that, in Redis
 * Cluster, a swarm's keys live in one slot.
 */
export interface KeySchema {
  /** The prefix every key starts with (no trailing colon), e.g. `tr` or `test:ab12`. */
  readonly prefix: string;
  readonly swarm: (infoHash: Buffer) => SwarmKeys;
  /** Hash: passkey (32 hex) -> user grant fields (see KEY-SCHEMA.md). */
  readonly user: (passkey: string) => string;
  /** Hash: info_hash hex -> torrent grant fields. */
  readonly torrent: (infoHash: Buffer) => string;
  /** String counter, INCR on every registry write; lets readers notice changes. */
  readonly registryVersion: string;
  /** String with TTL, refreshed by the CMS: present means the CMS is publishing. */
  readonly registryHeartbeat: string;
  /** String: random id the CMS writes after a full publish; missing means Redis lost the registry. */
  readonly registryEpoch: string;
  /**
   * Stream: one entry per registry write (`v` the version it made, `k` kind, `r` refs), so
   * memory-sync announcers keep their copy of the registry fresh (ADR 0019).
   */
  readonly registryChanges: string;
  /** Stream: one entry per credit batch (`w` writer, `d` packed peers), tailed by memory-sync announcers. */
  readonly swarmFeed: string;
  /** String with TTL: the last batch sequence number applied for one announcer process (`writer`). */
  readonly announcerSeq: (writer: string) => string;
  /** Stream: one entry per accepted announce (the stats ledger). */
  readonly statsStream: string;
  /** Stream: entries the CMS could not apply, kept for an operator. */
  readonly statsDeadLetter: string;
  /** String with TTL: a CMS login session, keyed by the SHA-256 hex of the cookie value. */
  readonly session: (cookieHashHex: string) => string;
  /** String counter with TTL: failed CMS logins of one IP or account name (SHA-256 hex of it). */
  readonly loginFailures: (subjectHashHex: string) => string;
  /** Set with TTL: the cookie hashes of one user's CMS sessions (to list and end them). */
  readonly userSessions: (userId: number) => string;
}

export interface SwarmKeys {
  /** Info hash as 40 lowercase hex characters (also the hash tag). */
  readonly hex: string;
  /** Sorted set: 8-byte peer id -> band * 1e13 + last accepted announce (ms). */
  readonly peers: string;
  /** Sorted set: 8-byte peer id -> band * 1e13 + last accepted announce over IPv6 (ms). */
  readonly peers6: string;
  /** Hash: 8-byte peer id -> packed peer record (flags, baselines, endpoints; no peer_id: ADR 0010). */
  readonly peerData: string;
  /** String counter: times completed. */
  readonly completed: string;
  /** Hash: sampled peers shared by announcers of a hot swarm (family + kind -> time + records). */
  readonly pool: string;
  /** Hash: user id -> the 8-byte peer ids of that user's peers (the per-member peer limit). */
  readonly users: string;
}

const PREFIX_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The prefix both apps use unless REDIS_PREFIX says otherwise; they must agree. */
export const DEFAULT_REDIS_PREFIX = 'tr';

export function createKeySchema(prefix = DEFAULT_REDIS_PREFIX): KeySchema {
  // A prefix with braces would add a second hash tag and break slot co-location.
  if (!PREFIX_PATTERN.test(prefix) || prefix.endsWith(':'))
    throw new Error(
      `Redis key prefix must match ${PREFIX_PATTERN} without a trailing colon, got "${prefix}"`,
    );
  return {
    prefix,
    swarm: (infoHash) => swarmKeys(prefix, infoHash.toString('hex')),
    user: (passkey) => `${prefix}:reg:user:${passkey.toLowerCase()}`,
    torrent: (infoHash) => `${prefix}:reg:torrent:${infoHash.toString('hex')}`,
    registryVersion: `${prefix}:reg:version`,
    registryHeartbeat: `${prefix}:reg:heartbeat`,
    registryEpoch: `${prefix}:reg:epoch`,
    registryChanges: `${prefix}:reg:changes`,
    swarmFeed: `${prefix}:sw:feed`,
    announcerSeq: (writer) => `${prefix}:ann:${writer}:seq`,
    statsStream: `${prefix}:stats`,
    statsDeadLetter: `${prefix}:stats:dead`,
    session: (cookieHashHex) => `${prefix}:cms:session:${cookieHashHex}`,
    loginFailures: (subjectHashHex) => `${prefix}:cms:login:${subjectHashHex}`,
    userSessions: (userId) => `${prefix}:cms:user-sessions:${userId}`,
  };
}

/** What follows `<prefix>:sw:{<hex>` in each swarm key. */
const SWARM_SUFFIXES = {
  peers: '}:peers',
  peers6: '}:peers6',
  peerData: '}:data',
  completed: '}:completed',
  pool: '}:pool',
  users: '}:users',
} as const;

function swarmKeys(prefix: string, hex: string): SwarmKeys {
  const head = `${prefix}:sw:{${hex}`;
  return {
    hex,
    peers: head + SWARM_SUFFIXES.peers,
    peers6: head + SWARM_SUFFIXES.peers6,
    peerData: head + SWARM_SUFFIXES.peerData,
    completed: head + SWARM_SUFFIXES.completed,
    pool: head + SWARM_SUFFIXES.pool,
    users: head + SWARM_SUFFIXES.users,
  };
}

/** The same names in pieces, for scripts that build a swarm's keys from its info hash hex. */
export interface ScriptKeyParts {
  /** `<prefix>:sw:{`: then the hex, then a suffix. */
  readonly swarmHead: string;
  /** `<prefix>:reg:user:`: then the lower-case passkey. */
  readonly userHead: string;
  /** `<prefix>:reg:torrent:`: then the hex. */
  readonly torrentHead: string;
  readonly suffixes: typeof SWARM_SUFFIXES;
}

/**
 * The key names in pieces, for the announce and counts scripts (announce-script.ts), which
 * build each swarm's keys from the info hash hex they read, and the census SCAN pattern
 * (`scanSwarms`). Derived from the functions above so the two can never disagree
 * (key-schema.spec.ts reassembles them).
 */
export function scriptKeyParts(keys: KeySchema): ScriptKeyParts {
  return {
    swarmHead: `${keys.prefix}:sw:{`,
    userHead: keys.user('x'.repeat(32)).slice(0, -32),
    torrentHead: keys.torrent(Buffer.alloc(20)).slice(0, -40),
    suffixes: SWARM_SUFFIXES,
  };
}
