import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { StatsSource } from '../stats/stats-source.js';
import type { StatsEntry } from '../swarm/swarm-store.js';

export interface StatsSourceUnderTest {
  /**
   * The source under test, opened so that an entry delivered and not acknowledged is due
   * again at once (Redis: `claimIdleMs: 0`).
   */
  readonly source: StatsSource;
  /** Appends to the ledger the source reads, as the announcer would; returns the new id. */
  append(entry: StatsEntry): Promise<string>;
  /** Closes the source and drops what the test wrote. */
  close(): Promise<void>;
}

let nextUser = 1;

/** A stats entry of its own user, `up` bytes uploaded; 64-bit counters beyond 2^53 on purpose. */
export function contractStatsEntry(up = 1n, overrides: Partial<StatsEntry> = {}): StatsEntry {
  return {
    userId: nextUser++,
    torrentId: 7,
    infoHashHex: 'ab'.repeat(20),
    peerKey: 'u1:2d5454',
    deltaUploaded: up,
    deltaDownloaded: 2n ** 60n,
    heldUploaded: 0n,
    heldDownloaded: 0n,
    heldReason: '',
    left: 0n,
    event: 'none',
    seeding: true,
    timestamp: Date.now(),
    instance: 'contract-1',
    ...overrides,
  };
}

/**
 * Runs the stats source contract (see stats-source.ts) against one adapter: at-least-once
 * delivery oldest first, acknowledgement, dead letters, lag and trimming. `open` is called
 * before every test, on an empty ledger.
 */
export function runStatsSourceContract(name: string, open: () => Promise<StatsSourceUnderTest>): void {
  describe(`stats source contract: ${name}`, () => {
    let ledger: StatsSourceUnderTest;
    let source: StatsSource;

    beforeEach(async () => {
      ledger = await open();
      source = ledger.source;
      await source.ready();
    });

    afterEach(async () => {
      await ledger?.close();
    });

    it('delivers appended entries oldest first, decoded, at most max at a time', async () => {
      const entries = [contractStatsEntry(1n), contractStatsEntry(2n ** 63n - 1n), contractStatsEntry(3n)];
      const ids: string[] = [];
      for (const entry of entries) ids.push(await ledger.append(entry));
      expect(new Set(ids).size).toBe(3);
      const first = await source.read(2);
      expect(first.map((d) => [d.id, d.entry, d.deliveries])).toEqual([
        [ids[0], entries[0], 1],
        [ids[1], entries[1], 1],
      ]);
      expect(source.name).not.toBe('');
    });

    it('delivers an unacknowledged entry again, counting deliveries, and never an acknowledged one', async () => {
      const [kept, done] = [
        await ledger.append(contractStatsEntry()),
        await ledger.append(contractStatsEntry()),
      ];
      expect((await source.read(10)).map((d) => d.id)).toEqual([kept, done]);
      await source.ack([done]);
      const again = await source.read(10);
      expect(again.map((d) => [d.id, d.deliveries])).toEqual([[kept, 2]]);
      await source.ack([kept]);
      expect(await source.read(10)).toEqual([]);
    });

    it('moves an entry to the dead letters and acknowledges it', async () => {
      const before = (await source.lag()).deadLetters;
      await ledger.append(contractStatsEntry());
      const [delivery] = await source.read(1);
      if (!delivery) throw new Error('the appended entry was not delivered');
      await source.deadLetter(delivery, 'malformed: for the contract');
      expect(await source.read(10)).toEqual([]);
      const lag = await source.lag();
      expect(lag.deadLetters).toBe(before + 1);
      expect(lag.pending).toBe(0);
    });

    it('reports as pending what is delivered but unacknowledged and what is not delivered yet', async () => {
      expect(await source.lag()).toMatchObject({ pending: 0, oldestPendingSeconds: 0 });
      await ledger.append(contractStatsEntry());
      await ledger.append(contractStatsEntry());
      await source.read(1);
      const lag = await source.lag();
      expect(lag.pending).toBe(2);
      expect(lag.oldestPendingSeconds).toBeGreaterThanOrEqual(0);
      expect(lag.oldestPendingSeconds).toBeLessThan(60);
    });

    it('never trims what is not acknowledged', async () => {
      const ids = [
        await ledger.append(contractStatsEntry()),
        await ledger.append(contractStatsEntry()),
        await ledger.append(contractStatsEntry()),
      ];
      await source.read(10);
      await source.ack(ids.slice(0, 1));
      await source.trim();
      expect((await source.read(10)).map((d) => d.id)).toEqual(ids.slice(1));
      expect((await source.lag()).pending).toBe(2);
    });
  });
}
