import { describe, expect, it } from '@jest/globals';
import { MemoryRegistry, MemoryRegistryStore, type RegistryEntry } from '@tracker/core';
import { reconcileLogLine, RegistryReconciler } from './registry-reconciler.js';
import type { RegistryStateRepository } from './registry-state.repository.js';

const passkey = (n: number): string => n.toString(16).padStart(32, '0');

/** The database side: these users, no torrents. */
function stateOf(users: RegistryEntry[]): RegistryStateRepository {
  return {
    userChunk: async (after: number) =>
      after === 0 && users.length > 0 ? { entries: users, last: users.length } : { entries: [], last: null },
    torrentChunk: async () => ({ entries: [], last: null }),
    desired: async (_kind: string, refs: readonly string[]) =>
      refs.map((ref) => users.find((u) => u.ref === ref) ?? { kind: 'user', ref, grant: null }),
  } as unknown as RegistryStateRepository;
}

function user(n: number, enabled = true): RegistryEntry {
  return { kind: 'user', ref: passkey(n), grant: { userId: n, enabled, canLeech: true } };
}

/** A logger that keeps what it was told, by level. */
function recordingLogger(): {
  lines: string[];
  log: (m: string) => void;
  warn: (m: string) => void;
  error: () => void;
} {
  const lines: string[] = [];
  return {
    lines,
    log: (m) => lines.push(`log ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: () => undefined,
  };
}

describe('registry reconciliation log level', () => {
  it('publishing into an empty store (a fresh database, the in-process store at start) is info, not a warning', async () => {
    const logger = recordingLogger();
    const store = new MemoryRegistryStore(new MemoryRegistry());
    const report = await new RegistryReconciler(stateOf([user(1), user(2)]), store, logger).reconcile();
    expect(report).toEqual({ repaired: 2, removed: 0 });
    expect(logger.lines).toEqual(['log registry: published 2 entries the store did not hold yet']);
  });

  it('a wrong grant or a stray key is drift: a warning', async () => {
    const logger = recordingLogger();
    const store = new MemoryRegistryStore(new MemoryRegistry());
    await store.writer.upsertUser(passkey(1), { userId: 1, enabled: false, canLeech: true });
    await store.writer.upsertUser(passkey(9), { userId: 9, enabled: true, canLeech: true });
    const report = await new RegistryReconciler(stateOf([user(1), user(2)]), store, logger).reconcile();
    expect(report).toEqual({ repaired: 2, removed: 1 });
    expect(logger.lines).toEqual(['warn registry reconciled: 1 corrected, 1 removed, 1 missing published']);
  });

  it('says nothing when the store agrees', async () => {
    expect(reconcileLogLine({ filled: 0, corrected: 0, removed: 0 })).toBeNull();
  });
});
