// Pure, deterministic row generators for the site benchmark (same seed, same data): plausible
// titles, Markdown descriptions, file lists, swarm counters skewed like a real tracker's.
import { createHash } from 'node:crypto';

/** mulberry32: a small seeded PRNG, so two fills of the same size hold the same rows. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CATEGORY_NAMES = [
  'Movies',
  'TV',
  'Music',
  'Games',
  'Software',
  'Books',
  'Anime',
  'Documentaries',
];

const ADJECTIVES = (
  'silent crimson hidden broken golden frozen electric wild distant hollow lunar iron ' +
  'velvet savage quiet burning northern lost shadow bright ancient endless secret scarlet'
).split(' ');
const NOUNS = (
  'river empire garden machine kingdom harbor signal forest station mirror winter voyage ' +
  'circuit horizon cathedral orchard lantern desert archive summit island engine meadow canyon'
).split(' ');
const TAGS = ['1080p', '2160p', '720p', 'WEB-DL', 'BluRay', 'FLAC', 'MP3 320', 'x265', 'REMUX', 'EPUB'];
const SENTENCES = [
  'A restored edition with the original audio track.',
  'Includes the extended cut and a commentary by the director.',
  'Ripped from the retail release; checksums verified.',
  'Subtitles in English, French and German are included.',
  'Encoded with two-pass settings for a balanced size.',
  'The complete season with every bonus episode.',
  'Remastered in 2019 from the first-generation masters.',
  'Cover art and a booklet scan are in the folder.',
];

const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];

/** A word the full-text search scenario looks for: in roughly one title in 24. */
export const SEARCH_WORD = 'lantern';

export function releaseRow(id, rnd, { categoryCount, authorCount, releaseCount }, now) {
  const title = `${cap(pick(rnd, ADJECTIVES))} ${cap(pick(rnd, NOUNS))} ${1970 + Math.floor(rnd() * 55)} ${pick(rnd, TAGS)}`;
  const description = [
    `## ${title}`,
    '',
    `${pick(rnd, SENTENCES)} ${pick(rnd, SENTENCES)}`,
    '',
    `- Source: **${pick(rnd, TAGS)}**`,
    `- Notes: ${pick(rnd, SENTENCES)}`,
  ].join('\n');
  // Three years of releases, the newest with the highest ids (as posting would give).
  const publishedAt = new Date(now - SIZE_SPAN_MS * (1 - id / releaseCount) - Math.floor(rnd() * 3_600_000));
  return {
    id,
    title,
    description,
    categoryId: 1 + Math.floor(rnd() * categoryCount),
    authorId: 1 + Math.floor(rnd() * authorCount),
    publishedAt,
  };
}
const SIZE_SPAN_MS = 3 * 365 * 86_400_000;

function cap(word) {
  return word[0].toUpperCase() + word.slice(1);
}

/** One to five files of a few MB to a few GB; the torrent's name is its folder (or single file). */
export function torrentRow(releaseId, title, rnd) {
  const name = title.replace(/[^A-Za-z0-9 .-]+/g, '').replace(/ /g, '.');
  const count = 1 + Math.floor(rnd() * 5);
  const files = [];
  for (let i = 0; i < count; i++) {
    const length = Math.floor(2 ** (22 + rnd() * 10));
    files.push({ path: count === 1 ? `${name}.mkv` : `${name}/part${i + 1}.mkv`, length });
  }
  const size = files.reduce((sum, f) => sum + f.length, 0);
  // Most torrents are nearly dead, a few are very popular: seeders follow a power law.
  const seeders = Math.floor(2000 * rnd() ** 6);
  return {
    releaseId,
    infoHash: createHash('sha1').update(`bench-site-${releaseId}`).digest('hex'),
    name,
    size,
    pieceLength: 1 << (18 + Math.floor(rnd() * 4)),
    fileCount: count,
    files: Buffer.from(JSON.stringify(files), 'utf8'),
    seeders,
    leechers: Math.floor(300 * rnd() ** 5),
    completed: seeders * 3 + Math.floor(rnd() * 50),
  };
}

export function userRow(id, rnd, passwordHash, uploaderCount) {
  const hex = (n) => createHash('sha256').update(`bench-site-${n}-${id}`).digest('hex').slice(0, 32);
  const name = `bench_user_${String(id).padStart(5, '0')}`;
  return {
    id,
    username: name,
    email: `${name}@bench.test`,
    passwordHash,
    role: id <= uploaderCount ? 'uploader' : 'user',
    passkey: hex('passkey'),
    rssKey: hex('rss'),
    uploaded: Math.floor(rnd() * 2 ** 40),
    downloaded: Math.floor(rnd() * 2 ** 40),
  };
}

/** Comments cluster on popular releases: the release id is drawn with a bias to the newest. */
export function commentRow(rnd, releaseCount, userCount, now) {
  const releaseId = releaseCount - Math.floor(releaseCount * rnd() ** 1.5);
  return {
    releaseId: Math.max(1, releaseId),
    authorId: 1 + Math.floor(rnd() * userCount),
    body: `${pick(rnd, SENTENCES)} Thanks for the upload!`,
    createdAt: new Date(now - Math.floor(rnd() * SIZE_SPAN_MS)),
  };
}
