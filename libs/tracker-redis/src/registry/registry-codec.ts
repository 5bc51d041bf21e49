import type { TorrentGrant, UserGrant } from '@tracker/core';

// Field names of the registry hashes (KEY-SCHEMA.md). Short: there is one per user/torrent.

export function encodeUserGrant(grant: UserGrant): Record<string, string> {
  return { id: String(grant.userId), en: grant.enabled ? '1' : '0', lc: grant.canLeech ? '1' : '0' };
}

/** A hash that is missing or malformed reads as "not registered": never grant by accident. */
export function decodeUserGrant(fields: Record<string, string>): UserGrant | null {
  const userId = positiveId(fields['id']);
  if (userId === null) return null;
  return { userId, enabled: fields['en'] === '1', canLeech: fields['lc'] === '1' };
}

export function encodeTorrentGrant(grant: TorrentGrant): Record<string, string> {
  const fields: Record<string, string> = { id: String(grant.torrentId), fl: grant.freeleech ? '1' : '0' };
  if (grant.size !== undefined) fields['sz'] = String(grant.size);
  return fields;
}

/** A malformed or missing `sz` reads as an unknown size: the size checks are skipped, not failed. */
export function decodeTorrentGrant(fields: Record<string, string>): TorrentGrant | null {
  const torrentId = positiveId(fields['id']);
  if (torrentId === null) return null;
  const size = positiveId(fields['sz']);
  const grant = { torrentId, freeleech: fields['fl'] === '1' };
  return size === null ? grant : { ...grant, size };
}

function positiveId(raw: string | undefined): number | null {
  if (raw === undefined || !/^[1-9][0-9]{0,15}$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : null;
}
