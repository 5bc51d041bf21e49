import { createHash } from 'node:crypto';
import type { TorrentGrant, UserGrant } from './registry.js';

/** The two kinds of registry key: a passkey's user grant and an info hash's torrent grant. */
export const REGISTRY_KINDS = ['user', 'torrent'] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

export type Grant = UserGrant | TorrentGrant;

/**
 * What one registry key should hold (`grant: null`: the key must not exist). The ref is a
 * passkey (32 hex) or an info hash (40 hex), lower case.
 */
export type RegistryEntry =
  | { readonly kind: 'user'; readonly ref: string; readonly grant: UserGrant | null }
  | { readonly kind: 'torrent'; readonly ref: string; readonly grant: TorrentGrant | null };

/**
 * The hash fields of a grant as KEY-SCHEMA.md documents them. Used only for chunk digests,
 * which the Redis side computes server-side over the stored fields: if this ever drifted from
 * the writer's codec, digests would just never match and every chunk would be compared key by
 * key through the reader (slower, still right). The registry store contract checks they agree.
 */
export function grantFields(entry: RegistryEntry): Record<string, string> | null {
  if (entry.grant === null) return null;
  if (entry.kind === 'user') {
    const g = entry.grant;
    return { id: String(g.userId), en: g.enabled ? '1' : '0', lc: g.canLeech ? '1' : '0' };
  }
  const g = entry.grant;
  const fields: Record<string, string> = { id: String(g.torrentId), fl: g.freeleech ? '1' : '0' };
  if (g.size !== undefined) fields['sz'] = String(g.size);
  return fields;
}

/** Pairs a ref of `kind` with a grant read back from a store. */
export function entryOf(kind: RegistryKind, ref: string, grant: Grant | null): RegistryEntry {
  return kind === 'user'
    ? { kind, ref, grant: grant as UserGrant | null }
    : { kind, ref, grant: grant as TorrentGrant | null };
}

/** sha1 over `ref{field=value,...}` lines with sorted pairs; the Redis digest script builds the same. */
export function digestFields(
  entries: ReadonlyArray<{ ref: string; fields: Record<string, string> | null }>,
): string {
  const lines = entries.map(({ ref, fields }) => {
    const pairs = Object.entries(fields ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .sort();
    return `${ref}{${pairs.join(',')}}`;
  });
  return createHash('sha1').update(lines.join('\n')).digest('hex');
}

export function digestEntries(entries: readonly RegistryEntry[]): string {
  return digestFields(entries.map((e) => ({ ref: e.ref, fields: grantFields(e) })));
}

export function sameGrant(a: Grant | null, b: Grant | null): boolean {
  if (a === null || b === null) return a === b;
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}
