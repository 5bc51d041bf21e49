import {
  HOLD_CAUSES,
  type AnnounceEvent,
  type HeldReason,
  type HoldCause,
  type StatsEntry,
} from '@tracker/core';

/**
 * Field names of one stats-stream entry, as the announce script writes them
 * (KEY-SCHEMA.md). Short names: there is one entry per announce.
 */
export const STATS_FIELDS = {
  userId: 'u',
  torrentId: 't',
  infoHashHex: 'h',
  peerKey: 'p',
  deltaUploaded: 'du',
  deltaDownloaded: 'dd',
  left: 'l',
  event: 'e',
  seeding: 's',
  timestamp: 'ts',
  instance: 'i',
  /** Written only when something was held (absent: 0, 0, ''). */
  heldUploaded: 'hu',
  heldDownloaded: 'hd',
  heldReason: 'hr',
} as const;

const EVENTS: readonly AnnounceEvent[] = ['started', 'completed', 'stopped', 'paused', 'none'];
const UINT = /^(0|[1-9][0-9]{0,19})$/;
const MAX_U63 = 2n ** 63n - 1n;

export class StatsEntryError extends Error {
  override readonly name = 'StatsEntryError';
}

/** Encodes an entry as XADD field/value pairs (used by tests and by tools that replay). */
export function encodeStatsEntry(entry: StatsEntry): string[] {
  return [
    STATS_FIELDS.userId, String(entry.userId),
    STATS_FIELDS.torrentId, String(entry.torrentId),
    STATS_FIELDS.infoHashHex, entry.infoHashHex,
    STATS_FIELDS.peerKey, entry.peerKey,
    STATS_FIELDS.deltaUploaded, entry.deltaUploaded.toString(),
    STATS_FIELDS.deltaDownloaded, entry.deltaDownloaded.toString(),
    STATS_FIELDS.left, entry.left.toString(),
    STATS_FIELDS.event, entry.event,
    STATS_FIELDS.seeding, entry.seeding ? '1' : '0',
    STATS_FIELDS.timestamp, String(entry.timestamp),
    STATS_FIELDS.instance, entry.instance,
    ...heldFields(entry),
  ]; // prettier-ignore
}

function heldFields(entry: StatsEntry): string[] {
  if (entry.heldReason === '' && entry.heldUploaded === 0n && entry.heldDownloaded === 0n) return [];
  return [
    STATS_FIELDS.heldUploaded, entry.heldUploaded.toString(),
    STATS_FIELDS.heldDownloaded, entry.heldDownloaded.toString(),
    STATS_FIELDS.heldReason, entry.heldReason,
  ]; // prettier-ignore
}

/**
 * Decodes the flat field list XREAD returns. A malformed entry throws StatsEntryError so
 * the consumer can move it to the dead-letter stream instead of crediting garbage.
 */
export function decodeStatsEntry(flat: readonly string[]): StatsEntry {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i] as string, flat[i + 1] as string);
  const event = f.get(STATS_FIELDS.event) as AnnounceEvent;
  if (!EVENTS.includes(event)) throw new StatsEntryError(`bad event "${String(event)}"`);
  const infoHashHex = f.get(STATS_FIELDS.infoHashHex) ?? '';
  if (!/^[0-9a-f]{40}$/.test(infoHashHex)) throw new StatsEntryError('bad info hash');
  return {
    userId: safeInt(f, STATS_FIELDS.userId),
    torrentId: safeInt(f, STATS_FIELDS.torrentId),
    infoHashHex,
    peerKey: f.get(STATS_FIELDS.peerKey) ?? '',
    deltaUploaded: u63(f, STATS_FIELDS.deltaUploaded),
    deltaDownloaded: u63(f, STATS_FIELDS.deltaDownloaded),
    heldUploaded: f.has(STATS_FIELDS.heldUploaded) ? u63(f, STATS_FIELDS.heldUploaded) : 0n,
    heldDownloaded: f.has(STATS_FIELDS.heldDownloaded) ? u63(f, STATS_FIELDS.heldDownloaded) : 0n,
    heldReason: heldReason(f.get(STATS_FIELDS.heldReason) ?? ''),
    left: u63(f, STATS_FIELDS.left),
    event,
    seeding: f.get(STATS_FIELDS.seeding) === '1',
    timestamp: safeInt(f, STATS_FIELDS.timestamp),
    instance: f.get(STATS_FIELDS.instance) ?? '',
  };
}

/** '' or distinct causes in HOLD_CAUSES order, comma-joined (the only forms the script writes). */
function heldReason(raw: string): HeldReason {
  if (raw === '') return '';
  const causes = raw.split(',');
  const ranks = causes.map((c) => HOLD_CAUSES.indexOf(c as HoldCause));
  if (ranks.some((r, i) => r < 0 || (i > 0 && r <= (ranks[i - 1] as number))))
    throw new StatsEntryError(`bad hr "${raw.slice(0, 40)}"`);
  return raw as HeldReason;
}

function u63(f: Map<string, string>, name: string): bigint {
  const raw = f.get(name);
  if (raw === undefined || !UINT.test(raw) || BigInt(raw) > MAX_U63)
    throw new StatsEntryError(`bad ${name} "${String(raw)}"`);
  return BigInt(raw);
}

function safeInt(f: Map<string, string>, name: string): number {
  const value = u63(f, name);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new StatsEntryError(`${name} out of range`);
  return Number(value);
}
