import type { DataSource } from 'typeorm';
import type { RegistryEntry, TorrentGrant, UserGrant } from '@tracker/core';

interface UserRow {
  id: number;
  passkey: string;
  disabled: number | boolean;
  canLeech: number | boolean;
}

interface TorrentRow {
  id: number;
  infoHash: string;
  infoHashV2: string | null;
  freeleech: number | boolean;
  /** bigint: MySQL may return it as a string. */
  size: number | string;
}

const TORRENT_SELECT =
  'SELECT t.id AS id, t.infoHash AS infoHash, t.infoHashV2 AS infoHashV2, r.freeleech AS freeleech, ' +
  't.size AS size ' +
  "FROM torrent t INNER JOIN `release` r ON r.id = t.releaseId WHERE r.status = 'published'";

/**
 * What the registry should hold, read from the site's database: a user's passkey grant, and a
 * published torrent's grant under its v1 hash and, for a hybrid, its v2 hash truncated to
 * 20 bytes (libtorrent announces both). SQL is limited to what MySQL and SQLite share.
 */
export class RegistryStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Desired state of each given ref: its grant, or null when it must not be published. */
  async desired(kind: 'user' | 'torrent', refs: readonly string[]): Promise<RegistryEntry[]> {
    if (refs.length === 0) return [];
    if (kind === 'user') {
      const rows = await this.usersWhere(`passkey IN (${marks(refs)})`, [...refs]);
      const byRef = new Map(rows.map((row) => [row.passkey, userGrant(row)]));
      return refs.map((ref) => ({ kind, ref, grant: byRef.get(ref) ?? null }));
    }
    // Two index lookups: by v1 hash, and by v2 prefix as a LIKE (not SUBSTR(infoHashV2, 1, 40),
    // which scanned every torrent: 400 ms a drain at 100,000). One query with OR between them
    // made MySQL give up both indexes for a batch. Refs are hex (isValidRef): no LIKE wildcard.
    const rows = (await this.dataSource.query(
      `${TORRENT_SELECT} AND t.infoHash IN (${marks(refs)}) UNION ALL ` +
        `${TORRENT_SELECT} AND (${refs.map(() => 't.infoHashV2 LIKE ?').join(' OR ')})`,
      [...refs, ...refs.map((ref) => `${ref}%`)],
    )) as TorrentRow[];
    const byRef = new Map(rows.flatMap(torrentEntries).map((e) => [e.ref, e.grant as TorrentGrant]));
    return refs.map((ref) => ({ kind, ref, grant: byRef.get(ref) ?? null }));
  }

  /** One chunk of every user, by id after `afterId`; `last` is the id to continue from. */
  async userChunk(afterId: number, size: number): Promise<{ entries: RegistryEntry[]; last: number | null }> {
    const rows = await this.usersWhere('id > ? ORDER BY id LIMIT ?', [afterId, size]);
    const entries = rows.map((row): RegistryEntry => ({
      kind: 'user',
      ref: row.passkey,
      grant: userGrant(row),
    }));
    return { entries, last: rows.at(-1)?.id ?? null };
  }

  async torrentChunk(
    afterId: number,
    size: number,
  ): Promise<{ entries: RegistryEntry[]; last: number | null }> {
    const rows = await this.torrentsWhere('t.id > ? ORDER BY t.id LIMIT ?', [afterId, size]);
    return { entries: rows.flatMap(torrentEntries), last: rows.at(-1)?.id ?? null };
  }

  private usersWhere(where: string, params: unknown[]): Promise<UserRow[]> {
    return this.dataSource.query(
      `SELECT id, passkey, disabled, canLeech FROM \`user\` WHERE ${where}`,
      params,
    ) as Promise<UserRow[]>;
  }

  private torrentsWhere(where: string, params: unknown[]): Promise<TorrentRow[]> {
    return this.dataSource.query(`${TORRENT_SELECT} AND ${where}`, params) as Promise<TorrentRow[]>;
  }
}

function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

function userGrant(row: UserRow): UserGrant {
  return { userId: Number(row.id), enabled: !truthy(row.disabled), canLeech: truthy(row.canLeech) };
}

function torrentEntries(row: TorrentRow): RegistryEntry[] {
  // The size lets the announcer refuse a `left` and hold a download larger than the torrent.
  const grant: TorrentGrant = {
    torrentId: Number(row.id),
    freeleech: truthy(row.freeleech),
    size: Number(row.size),
  };
  const entries: RegistryEntry[] = [{ kind: 'torrent', ref: row.infoHash, grant }];
  if (row.infoHashV2) entries.push({ kind: 'torrent', ref: row.infoHashV2.slice(0, 40), grant });
  return entries;
}

/** MySQL returns tinyint as a number (or a string in some modes), SQLite 0/1. */
function truthy(value: unknown): boolean {
  return value === true || Number(value) === 1;
}
