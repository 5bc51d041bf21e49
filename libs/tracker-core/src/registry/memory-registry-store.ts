import type { MemoryRegistry } from './memory-registry.js';
import type { RegistryWriter, TorrentGrant, UserGrant } from './registry.js';
import {
  digestEntries,
  entryOf,
  type Grant,
  type RegistryEntry,
  type RegistryKind,
} from './registry-entry.js';
import { writeEntry, type RegistryStore } from './registry-store.js';

const NO_PASSKEY = '0'.repeat(32);

/**
 * The embedded mode's registry: the announcer's in-process `MemoryRegistry`, written through
 * its `RegistryWriter` side. MemoryRegistry cannot list its keys, so this store remembers the
 * refs it wrote (it is their only writer) to count and scan them.
 */
export class MemoryRegistryStore implements RegistryStore {
  readonly writer: RegistryWriter;
  private readonly refs = { user: new Set<string>(), torrent: new Set<string>() };
  /** Lives as long as the registry (this process): never lost on its own. */
  private epoch: string | null = null;

  constructor(private readonly registry: MemoryRegistry) {
    const refs = this.refs;
    this.writer = {
      async upsertUser(passkey: string, grant: UserGrant) {
        await registry.upsertUser(passkey, grant);
        refs.user.add(passkey.toLowerCase());
      },
      async removeUser(passkey: string) {
        await registry.removeUser(passkey);
        refs.user.delete(passkey.toLowerCase());
      },
      async publishTorrent(infoHash: Buffer, grant: TorrentGrant) {
        await registry.publishTorrent(infoHash, grant);
        refs.torrent.add(infoHash.toString('hex'));
      },
      async unpublishTorrent(infoHash: Buffer) {
        await registry.unpublishTorrent(infoHash);
        refs.torrent.delete(infoHash.toString('hex'));
      },
    };
  }

  async digest(kind: RegistryKind, refs: readonly string[]): Promise<string> {
    const grants = await this.read(kind, refs);
    return digestEntries(refs.map((ref, i) => entryOf(kind, ref, grants[i] ?? null)));
  }

  async read(kind: RegistryKind, refs: readonly string[]): Promise<Array<Grant | null>> {
    return Promise.all(
      refs.map(async (ref) =>
        kind === 'user'
          ? this.registry.findUser(ref)
          : (await this.registry.lookup(NO_PASSKEY, Buffer.from(ref, 'hex'))).torrent,
      ),
    );
  }

  async writeMany(entries: readonly RegistryEntry[]): Promise<void> {
    for (const entry of entries) await writeEntry(this.writer, entry);
  }

  async readEpoch(): Promise<string | null> {
    return this.epoch;
  }

  async claimEpoch(epoch: string): Promise<string> {
    this.epoch ??= epoch;
    return this.epoch;
  }

  async heartbeat(): Promise<void> {
    return undefined; // the embedded announcer shares the process: nobody to tell
  }

  async instance(): Promise<string> {
    return 'in-process'; // lives and dies with this process
  }

  onReconnect(): void {
    return undefined; // in-process: no connection to lose
  }

  async *scan(kind: RegistryKind): AsyncIterable<string[]> {
    const all = [...this.refs[kind]];
    for (let i = 0; i < all.length; i += 1000) yield all.slice(i, i + 1000);
  }

  async ready(): Promise<void> {
    return undefined;
  }

  /** The registry belongs to the process (and the embedded announcer), not to this store. */
  async close(): Promise<void> {
    return undefined;
  }
}
