import { describe, expect, it } from '@jest/globals';
import type { AnnounceEvent, StatsEntry } from '@tracker/core';
import { MAX_SEEDING_GAP_MS, type SnatchState, foldEntries, foldOrphans, pairKey } from './stats-fold.js';

const T0 = 1_800_000_000_000;

function e(
  at: number,
  fields: { seeding?: boolean; event?: AnnounceEvent; up?: number; down?: number } = {},
): StatsEntry {
  return {
    userId: 1,
    torrentId: 2,
    infoHashHex: 'a'.repeat(40),
    peerKey: 'p',
    deltaUploaded: BigInt(fields.up ?? 0),
    deltaDownloaded: BigInt(fields.down ?? 0),
    heldUploaded: 0n,
    heldDownloaded: 0n,
    heldReason: '',
    left: fields.seeding ? 0n : 10n,
    event: fields.event ?? 'none',
    seeding: fields.seeding ?? false,
    timestamp: at,
    instance: 'i',
  };
}

function fold(
  entries: StatsEntry[],
  freeleech = false,
): { s: SnatchState; users: ReturnType<typeof foldEntries> } {
  const snatches = new Map<string, SnatchState>();
  const users = foldEntries(entries, snatches, () => freeleech);
  return { s: snatches.get(pairKey(1, 2)) as SnatchState, users };
}

describe('foldEntries', () => {
  it('accrues seeding time only between consecutive seeding announces', () => {
    const { s } = fold([
      e(T0, { seeding: true, event: 'started' }),
      e(T0 + 60_000, { seeding: true }),
      e(T0 + 90_000, { seeding: false }),
      e(T0 + 200_000, { seeding: true }),
      e(T0 + 230_500, { seeding: true, event: 'stopped' }),
    ]);
    expect(s.seedingSeconds).toBe(60 + 30);
    expect(s.state).toBe('stopped');
  });

  it('does not count a gap longer than the limit as seeding, nor a restart after it', () => {
    const { s } = fold([
      e(T0, { seeding: true }),
      e(T0 + MAX_SEEDING_GAP_MS + 1, { seeding: true }),
      e(T0 + MAX_SEEDING_GAP_MS + 61_000, { seeding: true, event: 'started' }),
      e(T0 + MAX_SEEDING_GAP_MS + 121_000, { seeding: true }),
    ]);
    expect(s.seedingSeconds).toBe(60);
  });

  it('adds the bytes of an out-of-order entry without moving the state back', () => {
    const { s } = fold([e(T0 + 10_000, { seeding: true, up: 1 }), e(T0, { seeding: false, up: 2, down: 3 })]);
    expect(s).toMatchObject({
      uploaded: 3n,
      downloaded: 3n,
      state: 'seeding',
      lastAnnounceAt: T0 + 10_000,
      lastSeen: T0 + 10_000,
    });
  });

  it('keeps the first completion and counts it once for the torrent', () => {
    const { s, users } = fold([
      e(T0, { event: 'completed', seeding: true }),
      e(T0 + 5, { event: 'completed', seeding: true }),
    ]);
    expect(s.completedAt).toBe(T0);
    expect(users.completions.get(2)).toBe(1);
  });

  it('credits downloaded bytes to the snatch but not to the ratio on a freeleech torrent', () => {
    const { s, users } = fold([e(T0, { up: 5, down: 700 })], true);
    expect(s.downloaded).toBe(700n);
    expect(users.users.get(1)).toEqual({ uploaded: 5n, downloaded: 0n });
  });
});

describe('foldOrphans', () => {
  it("adds a deleted torrent's bytes, downloaded included, to what the batch already credits", () => {
    const { users } = fold([e(T0, { up: 5, down: 700 })], true);
    foldOrphans(
      [e(T0, { up: 10, down: 20 }), e(T0 + 1, { up: 1, down: 2, event: 'completed' })],
      users.users,
    );
    expect(users.users.get(1)).toEqual({ uploaded: 16n, downloaded: 22n });
  });
});
