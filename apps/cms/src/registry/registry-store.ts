import type { RegistryWriter } from '@tracker/redis';
import type { Grant, RegistryEntry } from './registry-grants.js';
import type { RegistryKind } from './registry-outbox.entity.js';

/**
 * Where the registry is published (Redis, or the in-process registry of the embedded mode):
 * writes go through the tracker-redis `RegistryWriter`; the read side serves reconciliation.
 */
export interface RegistryStore {
  readonly writer: RegistryWriter;
  /** Same digest as `digestEntries` over what the store holds for these refs. */
  digest(kind: RegistryKind, refs: readonly string[]): Promise<string>;
  /** The grants held for these refs, in order (null: absent or unreadable). */
  read(kind: RegistryKind, refs: readonly string[]): Promise<Array<Grant | null>>;
  /** Every ref the store holds, in pages. */
  scan(kind: RegistryKind): AsyncIterable<string[]>;
  /** Many entries in as few round trips as the store allows (the full republish). */
  writeMany(entries: readonly RegistryEntry[]): Promise<void>;
  /** The marker of the last full publish the store holds; null when it lost what was published. */
  readEpoch(): Promise<string | null>;
  /** Sets the marker unless one is there already; returns the marker the store now holds. */
  claimEpoch(epoch: string): Promise<string>;
  /** Tells readers that the site is publishing (Redis: the heartbeat key, with this TTL). */
  heartbeat(ttlSeconds: number): Promise<void>;
  /** Names the running store; another name means it restarted (Redis: its `run_id`). */
  instance(): Promise<string>;
  /** `listener` runs each time the store's connection comes back: the store may have restarted. */
  onReconnect(listener: () => void): void;
  /** Resolves when the store can take writes (or has waited long enough to let backoff handle it). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Writes one entry's desired state: publish the grant, or remove the key. */
export async function writeEntry(writer: RegistryWriter, entry: RegistryEntry): Promise<void> {
  if (entry.kind === 'user') {
    if (entry.grant) await writer.upsertUser(entry.ref, entry.grant);
    else await writer.removeUser(entry.ref);
    return;
  }
  const infoHash = Buffer.from(entry.ref, 'hex');
  if (entry.grant) await writer.publishTorrent(infoHash, entry.grant);
  else await writer.unpublishTorrent(infoHash);
}
