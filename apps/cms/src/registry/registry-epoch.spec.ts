import { describe, expect, it } from '@jest/globals';
import { MemoryRegistry, MemoryRegistryStore } from '@tracker/core';
import { RegistryEpochWatch } from './registry-epoch.js';
import type { RegistryStateRepository } from './registry-state.repository.js';

/** A database with one user and no torrents. */
const state = {
  userChunk: async (after: number) =>
    after === 0
      ? {
          entries: [
            { kind: 'user', ref: '1'.repeat(32), grant: { userId: 1, enabled: true, canLeech: true } },
          ],
          last: 1,
        }
      : { entries: [], last: null },
  torrentChunk: async () => ({ entries: [], last: null }),
} as unknown as RegistryStateRepository;

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

describe('registry epoch watch: which republish is worth a warning', () => {
  it('filling a store that never held an epoch (first start, in-process store) is info', async () => {
    const logger = recordingLogger();
    const watch = new RegistryEpochWatch(
      state,
      new MemoryRegistryStore(new MemoryRegistry()),
      logger,
      (_b, task) => task(),
      () => undefined,
    );
    expect(await watch.check(30)).toBe('republished');
    expect(logger.lines).toEqual([
      expect.stringMatching(
        /^log registry: published 1 users and 0 torrent keys in \d+ ms into a store that held none$/,
      ),
    ]);
  });

  it('an epoch this process saw going missing (Redis restarted empty) is a warning', async () => {
    const logger = recordingLogger();
    const store = new MemoryRegistryStore(new MemoryRegistry());
    const watch = new RegistryEpochWatch(
      state,
      store,
      logger,
      (_b, task) => task(),
      () => undefined,
    );
    await watch.check(30);
    store.readEpoch = async () => null;
    expect(await watch.check(30)).toBe('republished');
    expect(logger.lines[1]).toMatch(
      /^warn registry: the store lost its epoch \(Redis restarted empty\?\): republished 1 users/,
    );
  });
});
