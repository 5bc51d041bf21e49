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

/** The announcer's side of the registry. */
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
