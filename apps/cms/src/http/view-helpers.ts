import type hbsModule from 'hbs';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(value: unknown): string {
  let n = Number(value);
  if (!Number.isFinite(n) || n < 0) return '0 B';
  let unit = 0;
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${n.toFixed(2)} ${UNITS[unit]}`;
}

/** A null ratio means nothing downloaded yet: shown as ∞ like most trackers. */
export function formatRatio(value: unknown): string {
  if (value === null || value === undefined) return '∞';
  const n = Number(value);
  return Number.isFinite(n) ? n.toFixed(2) : '∞';
}

export function formatDate(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 16).replace('T', ' ');
}

/** Helpers return plain strings, which Handlebars escapes like any other value. */
export function registerViewHelpers(hbs: typeof hbsModule): void {
  hbs.registerHelper('bytes', formatBytes);
  hbs.registerHelper('ratio', formatRatio);
  hbs.registerHelper('date', formatDate);
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}
