import type { StatsEntry } from '@tracker/core';
import type { PeerState } from './peer-activity.entity.js';

/** One user's record on one torrent, as the fold reads and writes it. */
export interface SnatchState {
  uploaded: bigint;
  downloaded: bigint;
  completedAt: number | null;
  seedingSeconds: number;
  lastSeen: number | null;
  /** Previous announce's state and time (peer_activity); null before the first. */
  state: PeerState | null;
  lastAnnounceAt: number | null;
}

export interface FoldResult {
  /** Per user: bytes to add to the ratio (downloaded already zero for freeleech). */
  readonly users: Map<number, { uploaded: bigint; downloaded: bigint }>;
  /** Per torrent: users who completed it for the first time. */
  readonly completions: Map<number, number>;
}

/**
 * Longest gap between two seeding announces that still counts as seeding all along: beyond it
 * the client was probably away (announce intervals are well under an hour).
 */
export const MAX_SEEDING_GAP_MS = 2 * 60 * 60 * 1000;

export const pairKey = (userId: number, torrentId: number): string => `${userId}:${torrentId}`;

export function emptySnatch(): SnatchState {
  return {
    uploaded: 0n,
    downloaded: 0n,
    completedAt: null,
    seedingSeconds: 0,
    lastSeen: null,
    state: null,
    lastAnnounceAt: null,
  };
}

/**
 * Pure: folds entries (in ledger order) into the snatch states (mutated in place, keyed by
 * pairKey) and returns the user and torrent increments. Seeding time accrues between two
 * consecutive seeding announces of the same user and torrent; an entry older than the last
 * one seen (two announcer instances) adds its bytes but does not move the state back.
 */
export function foldEntries(
  entries: readonly StatsEntry[],
  snatches: Map<string, SnatchState>,
  isFreeleech: (torrentId: number) => boolean,
): FoldResult {
  const users = new Map<number, { uploaded: bigint; downloaded: bigint }>();
  const completions = new Map<number, number>();
  for (const e of entries) {
    const key = pairKey(e.userId, e.torrentId);
    const s = snatches.get(key) ?? emptySnatch();
    snatches.set(key, s);
    s.uploaded += e.deltaUploaded;
    s.downloaded += e.deltaDownloaded;
    credit(users, e, !isFreeleech(e.torrentId));
    if (e.event === 'completed' && s.completedAt === null) {
      s.completedAt = e.timestamp;
      completions.set(e.torrentId, (completions.get(e.torrentId) ?? 0) + 1);
    }
    advanceState(s, e);
  }
  return { users, completions };
}

/**
 * Pure: entries whose torrent row is gone (its release was deleted after the announce). The
 * member keeps the bytes transferred; downloaded counts in full, because the freeleech flag
 * went with the release. Nothing else is recorded: no snatch, no state, no completion.
 */
export function foldOrphans(
  entries: readonly StatsEntry[],
  users: FoldResult['users'] = new Map(),
): FoldResult['users'] {
  for (const e of entries) credit(users, e, true);
  return users;
}

function credit(users: FoldResult['users'], e: StatsEntry, countDownloaded: boolean): void {
  const user = users.get(e.userId) ?? { uploaded: 0n, downloaded: 0n };
  users.set(e.userId, user);
  user.uploaded += e.deltaUploaded;
  if (countDownloaded) user.downloaded += e.deltaDownloaded;
}

function advanceState(s: SnatchState, e: StatsEntry): void {
  s.lastSeen = Math.max(s.lastSeen ?? 0, e.timestamp);
  if (s.lastAnnounceAt !== null && e.timestamp < s.lastAnnounceAt) return;
  if (s.state === 'seeding' && e.seeding && e.event !== 'started' && s.lastAnnounceAt !== null) {
    const gap = e.timestamp - s.lastAnnounceAt;
    if (gap <= MAX_SEEDING_GAP_MS) s.seedingSeconds += Math.floor(gap / 1000);
  }
  s.state = e.event === 'stopped' ? 'stopped' : e.seeding ? 'seeding' : 'leeching';
  s.lastAnnounceAt = e.timestamp;
}
