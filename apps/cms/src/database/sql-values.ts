/**
 * Pure mappers for raw column values, which MySQL (mysql2) and SQLite (better-sqlite3) return in
 * different shapes: what TypeORM's hydration did for the entities, for hand-written SQL.
 */

/** BIGINT arrives as a string from mysql2 and as a number from SQLite; counts may be strings too. */
export function toNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** TINYINT(1) / INTEGER 0 or 1. */
export function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/**
 * A DATETIME column: mysql2 gives a Date (the pool's timezone is UTC); SQLite the text TypeORM
 * stored, "YYYY-MM-DD HH:MM:SS.mmm" in UTC without a zone, which `new Date` alone would read as
 * local time.
 */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  const iso = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text)
    ? `${text.replace(' ', 'T')}Z`
    : text;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A nullable text column. */
export function toStringOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A JSON document kept as UTF-8 bytes in a blob (see torrents/column-transformers.ts). */
export function jsonFromBytes<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  const text =
    Buffer.isBuffer(value) || value instanceof Uint8Array
      ? Buffer.from(value).toString('utf8')
      : String(value);
  return JSON.parse(text) as T;
}
