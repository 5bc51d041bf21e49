import type { AnnounceEvent, HeldReason, StatsEntry } from '@tracker/core';
import { hex } from '../registry/support/bridge-database.js';

export const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);

/** One ledger entry as the announcer writes it; bytes as numbers for readability. */
export function entry(
  userId: number,
  torrentId: number,
  fields: {
    up?: number;
    down?: number;
    left?: number;
    event?: AnnounceEvent;
    seeding?: boolean;
    at?: number;
    /** Bytes the announcer held as implausible, with why (nothing held by default). */
    held?: { up?: number; down?: number; reason: HeldReason };
  } = {},
): StatsEntry {
  return {
    userId,
    torrentId,
    infoHashHex: hex(20),
    peerKey: `peer-${userId}`,
    deltaUploaded: BigInt(fields.up ?? 0),
    deltaDownloaded: BigInt(fields.down ?? 0),
    heldUploaded: BigInt(fields.held?.up ?? 0),
    heldDownloaded: BigInt(fields.held?.down ?? 0),
    heldReason: fields.held?.reason ?? '',
    left: BigInt(fields.left ?? (fields.seeding ? 0 : 1000)),
    event: fields.event ?? 'none',
    seeding: fields.seeding ?? false,
    timestamp: fields.at ?? T0,
    instance: 'announcer-test',
  };
}
