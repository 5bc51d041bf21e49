import { decodeBencode } from '@tracker/core';

/** One announce as a client sent it and how the announcer answered. */
export interface AnnounceRecord {
  passkey: string;
  /** peer_id as hex: with the passkey it names one peer (one client session). */
  peerId: string;
  event: string;
  uploaded: bigint;
  downloaded: bigint;
  left: bigint;
  /** True when the answer was a bencoded dict without `failure reason`. */
  accepted: boolean;
  failure: string | null;
}

/**
 * Reads the fields this project checks from an announce's raw query. Percent-escapes are
 * decoded as bytes (peer_id and info_hash are binary), never as UTF-8.
 */
export function parseAnnounceQuery(rawQuery: string): Omit<AnnounceRecord, 'accepted' | 'failure'> | null {
  const fields = new Map<string, Buffer>();
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    fields.set(part.slice(0, eq), percentBytes(part.slice(eq + 1)));
  }
  const text = (key: string): string => fields.get(key)?.toString('latin1') ?? '';
  const count = (key: string): bigint => (/^\d+$/.test(text(key)) ? BigInt(text(key)) : -1n);
  const peerId = fields.get('peer_id');
  if (!peerId || count('uploaded') < 0n || count('downloaded') < 0n) return null;
  return {
    passkey: text('passkey'),
    peerId: peerId.toString('hex'),
    event: text('event') || 'none',
    uploaded: count('uploaded'),
    downloaded: count('downloaded'),
    left: count('left'),
  };
}

/** The failure reason of a tracker answer, '' when it is a normal answer, null if unreadable. */
export function failureOf(body: Buffer): string | null {
  try {
    const value = decodeBencode(body);
    if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
      return null;
    }
    const reason = value['failure reason'];
    return reason instanceof Uint8Array ? Buffer.from(reason).toString('utf8') : '';
  } catch {
    return null; // not bencode: a broken answer, counted as refused by the caller
  }
}

function percentBytes(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c === 0x2b ? 0x20 : c);
  }
  return Buffer.from(out);
}

/**
 * What the ledger should credit, per passkey: for each peer, the walk over its accepted
 * announces in order, where a counter that grew earns the growth and one that went down
 * (a client restart) earns nothing and becomes the new baseline. The first announce earns 0.
 */
export function expectedCredit(records: readonly AnnounceRecord[]): Map<string, Credit> {
  const last = new Map<string, AnnounceRecord>();
  const credit = new Map<string, Credit>();
  for (const record of records) {
    if (!record.accepted) continue;
    const key = `${record.passkey}/${record.peerId}`;
    const previous = last.get(key);
    last.set(key, record);
    const sum = credit.get(record.passkey) ?? { uploaded: 0n, downloaded: 0n };
    if (previous) {
      sum.uploaded += grown(previous.uploaded, record.uploaded);
      sum.downloaded += grown(previous.downloaded, record.downloaded);
    }
    credit.set(record.passkey, sum);
  }
  return credit;
}

export interface Credit {
  uploaded: bigint;
  downloaded: bigint;
}

function grown(before: bigint, now: bigint): bigint {
  return now >= before ? now - before : 0n;
}
