export type RouteKind = 'announce' | 'scrape' | 'healthz' | 'metrics' | 'not_found';

export interface Route {
  readonly kind: RouteKind;
  /**
   * The passkey as written in the path or the `passkey` query parameter, unvalidated.
   * `null` when it was given twice (ambiguous), undefined when absent.
   */
  readonly passkey: string | null | undefined;
  /** Everything after `?`, undecoded: the protocol parsers need the raw bytes. */
  readonly rawQuery: string;
}

/**
 * Maps a request target to a route. Announce and scrape accept the passkey three ways:
 * `/announce?passkey=K` (what our .torrent files carry: `announce` stays the last path
 * element, so clients can derive the scrape URL, BEP 48), `/announce/K` and `/K/announce`.
 */
export function routeRequest(target: string): Route {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const rawQuery = q === -1 ? '' : target.slice(q + 1);
  const parts = path.split('/');
  if (parts[0] !== '' || parts.length > 3) return notFound(rawQuery);
  const [, first = '', second] = parts;
  if (second === undefined) {
    if (first === 'announce' || first === 'scrape')
      return { kind: first, passkey: queryPasskey(rawQuery), rawQuery };
    if (first === 'healthz' || first === 'metrics') return { kind: first, passkey: undefined, rawQuery };
    return notFound(rawQuery);
  }
  if (first === 'announce' || first === 'scrape') return withPathPasskey(first, second, rawQuery);
  if (second === 'announce' || second === 'scrape') return withPathPasskey(second, first, rawQuery);
  return notFound(rawQuery);
}

function withPathPasskey(kind: 'announce' | 'scrape', passkey: string, rawQuery: string): Route {
  // A passkey both in the path and in the query is ambiguous unless they agree.
  const fromQuery = queryPasskey(rawQuery);
  if (fromQuery !== undefined && fromQuery !== passkey) return { kind, passkey: null, rawQuery };
  return { kind, passkey, rawQuery };
}

/** The raw value(s) of `passkey=` in the query: passkeys are hex, so no decoding is needed. */
function queryPasskey(rawQuery: string): string | null | undefined {
  let found: string | undefined;
  let start = 0;
  while (start <= rawQuery.length) {
    let end = rawQuery.indexOf('&', start);
    if (end === -1) end = rawQuery.length;
    if (rawQuery.startsWith('passkey=', start)) {
      if (found !== undefined) return null;
      found = rawQuery.slice(start + 8, end);
    }
    start = end + 1;
  }
  return found;
}

function notFound(rawQuery: string): Route {
  return { kind: 'not_found', passkey: undefined, rawQuery };
}
