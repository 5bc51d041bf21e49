// What the site benchmark fills and measures, in one place. Read by every script here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CMS_DIST = path.join(REPO, 'apps/cms/dist');

export const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'mysql://tracker:tracker@127.0.0.1:3306/test_bench_site';

/** The sizes the issue asks for. Changing one makes the next run refill. */
export const SIZES = Object.freeze({ categories: 8, users: 10_000, releases: 100_000, comments: 200_000 });

/** Every bench user shares this password (one scrypt hash, computed once per fill). */
export const BENCH_PASSWORD = 'bench-site-password';
/** The user the download scenario logs in as (a plain `user`). */
export const BENCH_LOGIN = 'bench_user_00042';

/** The p99 target per page from issue 4, in milliseconds. */
export const P99_TARGET_MS = 50;

/** The database name from the URL, checked so it can be quoted safely in CREATE/DROP DATABASE. */
export function databaseName(url = DATABASE_URL) {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) {
    throw new Error(`BENCH_DATABASE_URL must name a database of letters, digits and _ (got "${name}")`);
  }
  return name;
}

/** The same server without a database, for CREATE/DROP DATABASE. */
export function serverUrl(url = DATABASE_URL) {
  const u = new URL(url);
  u.pathname = '/';
  return u.href.replace(/^mariadb:/, 'mysql:');
}
