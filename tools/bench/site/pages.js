// The pages the site benchmark measures, and a login through the real form for the download.
import { BENCH_LOGIN, BENCH_PASSWORD, SIZES } from './bench-config.js';
import { prng, SEARCH_WORD } from './fill-data.js';

/** A fixed spread of release ids, so release pages and downloads do not hit one cached row. */
const RELEASE_IDS = (() => {
  const rnd = prng(23);
  return Array.from({ length: 1000 }, () => 1 + Math.floor(rnd() * SIZES.releases));
})();

function rotating(make) {
  let i = 0;
  return () => make(RELEASE_IDS[i++ % RELEASE_IDS.length]);
}

/**
 * name, what it shows, and the path of each request (a function for the rotating ones).
 * `login: true` sends the bench user's session cookie.
 */
export const PAGES = [
  { name: 'front', title: 'front page', path: () => '/' },
  { name: 'category', title: 'category page (movies)', path: () => '/categories/movies' },
  { name: 'browse-seeders', title: 'browse sorted by seeders', path: () => '/browse?sort=seeders' },
  { name: 'search', title: `full-text search "${SEARCH_WORD}"`, path: () => `/browse?q=${SEARCH_WORD}` },
  { name: 'release', title: 'release page (1000 ids)', path: rotating((id) => `/releases/${id}`) },
  {
    name: 'download',
    title: '.torrent download, logged in',
    path: rotating((id) => `/releases/${id}/download`),
    login: true,
  },
];

function sessionCookie(res) {
  const line = res.headers.getSetCookie().find((c) => c.startsWith('sid='));
  return line ? line.split(';')[0] : null;
}

/** Logs the bench user in through the login form (CSRF token included); returns `sid=…`. */
export async function logIn(baseUrl) {
  const form = await fetch(`${baseUrl}/login`);
  const anonymous = sessionCookie(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!anonymous || !csrf) throw new Error('the login page gave no session cookie or CSRF token');
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anonymous },
    body: new URLSearchParams({ _csrf: csrf, username: BENCH_LOGIN, password: BENCH_PASSWORD, next: '/' }),
  });
  const session = sessionCookie(res);
  if (res.status !== 303 || !session) throw new Error(`login as ${BENCH_LOGIN} failed (HTTP ${res.status})`);
  return session;
}
