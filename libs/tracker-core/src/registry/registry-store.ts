import type { Grant, RegistryEntry, RegistryKind } from './registry-entry.js';
import type { RegistryWriter } from './registry.js';

/**
 * The site's publishing side of the registry (Redis, or the in-process registry of the
 * embedded mode): writes go through the `RegistryWriter`; the read side serves the site's
 * reconciliation, and the epoch tells a store that lost what was published.
 *
 * Contract (every adapter passes `runRegistryStoreContract` from `@tracker/core/testing`):
 * `digest` equals `digestEntries` over what `read` returns for the same refs; `writeMany`
 * writes each entry's desired state (a null grant removes the key); `scan` yields every ref
 * held, once; `claimEpoch` keeps the first epoch claimed.
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
