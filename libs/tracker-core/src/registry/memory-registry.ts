import type { RegistryLookup, RegistryReader, RegistryWriter, TorrentGrant, UserGrant } from './registry.js';
import { assertPasskey } from './passkey.js';

/**
 * The registry in process memory, for the embedded mode (no REDIS_URL) and for tests:
 * the same reader and writer interfaces as the Redis one, so a CMS running in the same
 * process can feed it.
 */
export class MemoryRegistry implements RegistryReader, RegistryWriter {
  private readonly users = new Map<string, UserGrant>();
  private readonly torrents = new Map<string, TorrentGrant>();

  async lookup(passkey: string, infoHash: Buffer): Promise<RegistryLookup> {
    return {
      user: this.users.get(passkey.toLowerCase()) ?? null,
      torrent: this.torrents.get(infoHash.toString('hex')) ?? null,
    };
  }

  async findUser(passkey: string): Promise<UserGrant | null> {
    return this.users.get(passkey.toLowerCase()) ?? null;
  }

  async findTorrents(infoHashes: readonly Buffer[]): Promise<(TorrentGrant | null)[]> {
    return infoHashes.map((hash) => this.torrents.get(hash.toString('hex')) ?? null);
  }

  async publishTorrent(infoHash: Buffer, grant: TorrentGrant): Promise<void> {
    this.torrents.set(infoHash.toString('hex'), { ...grant });
  }

  async unpublishTorrent(infoHash: Buffer): Promise<void> {
    this.torrents.delete(infoHash.toString('hex'));
  }

  async upsertUser(passkey: string, grant: UserGrant): Promise<void> {
    assertPasskey(passkey);
    this.users.set(passkey.toLowerCase(), { ...grant });
  }

  async removeUser(passkey: string): Promise<void> {
    this.users.delete(passkey.toLowerCase());
  }
}
