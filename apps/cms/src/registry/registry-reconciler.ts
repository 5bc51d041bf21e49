import type { LoggerService } from '@nestjs/common';
import {
  digestEntries,
  type RegistryEntry,
  type RegistryKind,
  type RegistryStore,
  sameGrant,
  writeEntry,
} from '@tracker/core';
import { isValidRef } from './registry-outbox-drainer.js';
import type { RegistryStateRepository } from './registry-state.repository.js';

export interface ReconcileReport {
  /** Keys written because they were missing or held a wrong grant. */
  readonly repaired: number;
  /** Keys removed because the database has nothing for them. */
  readonly removed: number;
}

const CHUNK = 500;

/** What one reconciliation changed, split by what it says about the store. */
export interface RepairCounts {
  /** Keys the store did not hold at all: a first publish (a new or in-process store). */
  readonly filled: number;
  /** Keys that held a different grant: the store had drifted. */
  readonly corrected: number;
  /** Keys the database does not want: drift too. */
  readonly removed: number;
}

/**
 * Pure: the log line for a reconciliation, or null when nothing changed. Filling keys the
 * store lacks is what every start of the in-process store and a fresh Redis does (the outbox
 * has not drained yet): info. A wrong grant or a stray key means the store disagreed with the
 * database (a lost write, a restored backup): a warning.
 */
export function reconcileLogLine(counts: RepairCounts): { level: 'log' | 'warn'; text: string } | null {
  const { filled, corrected, removed } = counts;
  if (corrected + removed > 0) {
    return {
      level: 'warn',
      text: `registry reconciled: ${corrected} corrected, ${removed} removed, ${filled} missing published`,
    };
  }
  if (filled > 0)
    return { level: 'log', text: `registry: published ${filled} entries the store did not hold yet` };
  return null;
}

/**
 * Runs one unit of "read the database, write the store" exclusively with every other registry
 * writer, or returns `busy` when another site process holds the registry.
 */
export type RegistryExclusive = <T>(busy: T, task: () => Promise<T>) => Promise<T>;

const BUSY = null;

interface ChunkRepairs {
  filled: number;
  corrected: number;
}

/**
 * Brings the registry store back to what the database says, cheaply when they agree: per chunk
 * of ids, one digest from each side; only a chunk whose digests differ is compared key by key.
 * Then one scan of the store's keys (which is also its count) finds the strays. On Redis that
 * SCAN walks the whole keyspace, swarms included: a registry index set kept by the writer
 * would make it O(registry) (a tracker-redis change, not done here).
 * Each chunk's read-then-write runs through `exclusive` (shared with the outbox drain, see
 * SerialRunner for why), but the scans run outside it: a drain waits for one chunk at most,
 * never for a whole keyspace walk. When another process holds the registry, it stops early.
 */
export class RegistryReconciler {
  constructor(
    private readonly state: RegistryStateRepository,
    private readonly store: RegistryStore,
    private readonly logger: LoggerService,
    private readonly exclusive: RegistryExclusive = (_busy, task) => task(),
  ) {}

  async reconcile(): Promise<ReconcileReport> {
    const counts = { filled: 0, corrected: 0, removed: 0 };
    for (const kind of ['user', 'torrent'] as const) {
      const wanted = new Set<string>();
      const fixed = await this.repairChunks(kind, wanted);
      if (fixed === BUSY) break;
      counts.filled += fixed.filled;
      counts.corrected += fixed.corrected;
      const gone = await this.removeStrays(kind, wanted);
      if (gone === BUSY) break;
      counts.removed += gone;
    }
    const line = reconcileLogLine(counts);
    if (line) this.logger[line.level](line.text);
    return { repaired: counts.filled + counts.corrected, removed: counts.removed };
  }

  /** Repaired keys, or BUSY. */
  private async repairChunks(kind: RegistryKind, wanted: Set<string>): Promise<ChunkRepairs | null> {
    const repaired = { filled: 0, corrected: 0 };
    let after = 0;
    for (;;) {
      const step = await this.exclusive(BUSY, async () => {
        const chunk =
          kind === 'user'
            ? await this.state.userChunk(after, CHUNK)
            : await this.state.torrentChunk(after, CHUNK);
        const entries = chunk.entries.filter((e) => isValidRef(kind, e.ref));
        return { last: chunk.last, entries, repaired: await this.repairChunk(kind, entries) };
      });
      if (step === BUSY) return BUSY;
      if (step.last === null) return repaired;
      after = step.last;
      for (const e of step.entries) wanted.add(e.ref);
      repaired.filled += step.repaired.filled;
      repaired.corrected += step.repaired.corrected;
    }
  }

  private async repairChunk(kind: RegistryKind, entries: RegistryEntry[]): Promise<ChunkRepairs> {
    const repaired = { filled: 0, corrected: 0 };
    const refs = entries.map((e) => e.ref);
    if (refs.length === 0 || (await this.store.digest(kind, refs)) === digestEntries(entries))
      return repaired;
    const held = await this.store.read(kind, refs);
    for (const [i, entry] of entries.entries()) {
      const current = held[i] ?? null;
      if (sameGrant(current, entry.grant)) continue;
      await writeEntry(this.store.writer, entry);
      if (current === null) repaired.filled++;
      else repaired.corrected++;
    }
    return repaired;
  }

  /** Removed keys, or BUSY. */
  private async removeStrays(kind: RegistryKind, wanted: Set<string>): Promise<number | null> {
    const strays: string[] = [];
    for await (const page of this.store.scan(kind)) strays.push(...page.filter((ref) => !wanted.has(ref)));
    const valid = strays.filter((ref) => isValidRef(kind, ref));
    if (valid.length < strays.length)
      this.logger.warn(`registry: ${strays.length - valid.length} malformed ${kind} keys left alone`);
    // Re-read: a change committed since the chunk was read must not be undone here.
    let removed = 0;
    for (let i = 0; i < valid.length; i += CHUNK) {
      const gone = await this.exclusive(BUSY, () => this.rewrite(kind, valid.slice(i, i + CHUNK)));
      if (gone === BUSY) return BUSY;
      removed += gone;
    }
    return removed;
  }

  /** Writes the database's current state of these refs; counts the keys it removed. */
  private async rewrite(kind: RegistryKind, refs: string[]): Promise<number> {
    let removed = 0;
    for (const entry of await this.state.desired(kind, refs)) {
      await writeEntry(this.store.writer, entry);
      if (entry.grant === null) removed++;
    }
    return removed;
  }
}
