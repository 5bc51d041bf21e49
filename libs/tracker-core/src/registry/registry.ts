/** Who may announce: what the CMS publishes for one passkey. */
export interface UserGrant {
  readonly userId: number;
  readonly enabled: boolean;
  readonly canLeech: boolean;
}

/** Which torrents exist: what the CMS publishes for one info_hash. */
export interface TorrentGrant {
  readonly torrentId: number;
  readonly freeleech: boolean;
  /**
   * Total size in bytes, against which the announcer checks `left` and credited downloads.
   * Absent in grants published before it existed: those checks are then skipped.
   */
  readonly size?: number;
}

export interface RegistryLookup {
  /** null: the passkey is not registered. */
  readonly user: UserGrant | null;
  /** null: the torrent is not registered (never published, unpublished or deleted). */
  readonly torrent: TorrentGrant | null;
}

/**
 * The registry port: who may announce and which torrents exist, as the site publishes them.
 *
 * Contract (every adapter must pass `runRegistryContract` from `@tracker/core/testing`):
 * - What a `RegistryWriter` wrote is what a `RegistryReader` of the same store reads (after
 *   the reader's cache, if it has one, expires: `REGISTRY_CACHE_MS`).
 * - Passkeys are 32 hex characters, case-insensitive: `lookup('AB…')` finds `upsertUser('ab…')`.
 *   A writer refuses anything else (it throws; nothing is written).
 * - A grant replaces the previous one whole; `removeUser`/`unpublishTorrent` make it read
 *   as null, as does a passkey or info_hash never written. Stored data that is malformed
 *   reads as null too: never grant by accident.
 * - `findTorrents` answers each hash in order, repeats included; `[]` for `[]`.
 */
export interface RegistryReader {
  /** Both grants of one announce, in one round trip where the store can. */
  lookup(passkey: string, infoHash: Buffer): Promise<RegistryLookup>;
  findUser(passkey: string): Promise<UserGrant | null>;
  /** The grant of each hash, in order (null: not registered), in one round trip where the store can. */
  findTorrents(infoHashes: readonly Buffer[]): Promise<(TorrentGrant | null)[]>;
}

/** The CMS's side of the registry. Passkeys are 32 hex characters, case-insensitive. */
export interface RegistryWriter {
  publishTorrent(infoHash: Buffer, grant: TorrentGrant): Promise<void>;
  unpublishTorrent(infoHash: Buffer): Promise<void>;
  upsertUser(passkey: string, grant: UserGrant): Promise<void>;
  removeUser(passkey: string): Promise<void>;
}
