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

/**
 * Share ratio from the two byte counts: "—" while nothing moved either way (there is no ratio
 * yet), "∞" for upload without download, else two decimals.
 */
export function formatRatio(uploaded: unknown, downloaded: unknown): string {
  const up = Number(uploaded);
  const down = Number(downloaded);
  if (!Number.isFinite(up) || !Number.isFinite(down)) return '—';
  if (down > 0) return (up / down).toFixed(2);
  return up > 0 ? '∞' : '—';
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
  // Builds a form action from parts, e.g. (concat "/releases/" id "/delete"); the last
  // argument is Handlebars' options object.
  hbs.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).map(String).join(''));
}
