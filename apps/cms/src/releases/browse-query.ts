/**
 * Browse/search parameters parsed at the edge into typed values. Every sort and filter value
 * is checked against an allow-list: anything unknown falls back to the default rather than
 * reaching a query, so `?sort=id;DROP TABLE` simply sorts by date.
 */
export const SORT_KEYS = ['date', 'seeders', 'leechers', 'size', 'snatches'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

export interface BrowseQuery {
  q: string;
  category: string | null;
  sort: SortKey;
  order: SortOrder;
  page: number;
  perPage: number;
}

export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;
const MAX_QUERY_CHARS = 200;
const MAX_PAGE = 10_000;
const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function parseBrowseQuery(raw: Record<string, unknown>): BrowseQuery {
  return {
    q: parseSearchText(raw['q']),
    category: parseSlug(raw['category']),
    sort: oneOf(first(raw['sort']), SORT_KEYS, 'date'),
    order: oneOf(first(raw['order']), ['asc', 'desc'] as const, 'desc'),
    page: boundedInt(raw['page'], 1, MAX_PAGE, 1),
    perPage: boundedInt(raw['perPage'], 1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
  };
}

export function parsePage(raw: unknown): number {
  return boundedInt(raw, 1, MAX_PAGE, 1);
}

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return first(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function parseSearchText(value: unknown): string {
  const text = first(value) ?? '';
  // Control characters never belong in a search; they would only confuse logs.
  return text
    .replace(/\p{Cc}/gu, ' ')
    .trim()
    .slice(0, MAX_QUERY_CHARS);
}

function parseSlug(value: unknown): string | null {
  const text = first(value)?.trim().toLowerCase();
  return text && SLUG_PATTERN.test(text) ? text : null;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function boundedInt(value: unknown, min: number, max: number, fallback: number): number {
  const text = first(value);
  if (text === undefined || !/^\d{1,9}$/.test(text)) return fallback;
  const n = Number(text);
  return n < min ? min : n > max ? max : n;
}

/**
 * MySQL FULLTEXT boolean-mode expression for the user's words: every word is required and
 * prefix-matched (`+word*`). Operators and quotes are stripped, so user input can never
 * change the query's meaning. Words under InnoDB's minimum token size (3) are left out
 * because MySQL would ignore them; returns null when no usable word remains.
 */
export function toBooleanModeQuery(text: string): string | null {
  const words = searchWords(text).filter((w) => [...w].length >= 3);
  return words.length === 0 ? null : words.map((w) => `+${w}*`).join(' ');
}

/** The words of a search: letters and digits only, at most 8 of them. */
export function searchWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

/**
 * A LIKE pattern matching the word anywhere, for use with `ESCAPE '!'`. `!` rather than a
 * backslash because MySQL and SQLite disagree on backslashes inside string literals.
 */
export function likePattern(word: string): string {
  return `%${word.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** The query string for a link to another page/sort of the same browse view. */
export function browseHref(base: string, query: BrowseQuery, change: Partial<BrowseQuery>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.category) params.set('category', next.category);
  if (next.sort !== 'date') params.set('sort', next.sort);
  if (next.order !== 'desc') params.set('order', next.order);
  if (next.page > 1) params.set('page', String(next.page));
  if (next.perPage !== DEFAULT_PER_PAGE) params.set('perPage', String(next.perPage));
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}
