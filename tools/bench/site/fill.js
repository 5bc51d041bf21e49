// node tools/bench/site/fill.js [--refill]
// Creates the benchmark database, runs the CMS migrations (from apps/cms/dist) and fills it with
// multi-row INSERTs. Idempotent: a database that already holds the full data set is left alone;
// a partial one (an interrupted fill) is dropped and filled again, as is any with --refill.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';
import { createTorrent, rewriteForSite } from '@tracker/core';
import { BENCH_PASSWORD, CMS_DIST, DATABASE_URL, databaseName, serverUrl, SIZES } from './bench-config.js';
import { CATEGORY_NAMES, commentRow, prng, releaseRow, torrentRow, userRow } from './fill-data.js';

const UPLOADERS = 50;
const say = (msg) => process.stderr.write(`bench:site: ${msg}\n`);

async function main() {
  const refill = process.argv.includes('--refill');
  const name = databaseName();
  const server = await mysql.createConnection({ uri: serverUrl() });
  try {
    if (refill) await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await createAndMigrate(server, name);
    const state = await withDatabase(fillState);
    if (state === 'full') return say(`database ${name} already filled (--refill to force)`);
    if (state === 'partial') {
      say(`database ${name} is partly filled (an interrupted fill?): dropping it and filling again`);
      await server.query(`DROP DATABASE \`${name}\``);
      await createAndMigrate(server, name);
    }
    await withDatabase(fill);
  } finally {
    await server.end();
  }
}

async function createAndMigrate(server, name) {
  await server.query(
    `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  await runMigrations();
}

async function withDatabase(work) {
  const db = await connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

function connect() {
  // timezone Z: the CMS reads and writes datetimes as UTC.
  return mysql.createConnection({ uri: DATABASE_URL.replace(/^mariadb:/, 'mysql:'), timezone: 'Z' });
}

/** The CMS's own migrations, through the data source its TypeORM CLI uses. */
async function runMigrations() {
  process.env.DATABASE_URL = DATABASE_URL;
  const { default: dataSource } = await import(pathToFileURL(path.join(CMS_DIST, 'data-source.js')).href);
  if (!dataSource.isInitialized) await dataSource.initialize();
  const ran = await dataSource.runMigrations();
  if (ran.length) say(`migrations run: ${ran.map((m) => m.name).join(', ')}`);
  await dataSource.destroy();
}

async function count(db, table) {
  const [rows] = await db.query(`SELECT COUNT(*) AS n FROM \`${table}\``);
  return Number(rows[0].n);
}

async function fillState(db) {
  const counts = {
    categories: await count(db, 'category'),
    users: await count(db, 'user'),
    releases: await count(db, 'release'),
    comments: await count(db, 'comment'),
  };
  const keys = Object.keys(SIZES);
  if (keys.every((k) => counts[k] === SIZES[k])) return 'full';
  return keys.every((k) => counts[k] === 0) ? 'empty' : 'partial';
}

/** Inserts rows in chunks of `batch`, one multi-row INSERT per chunk. */
async function insertAll(db, table, columns, total, batch, rowAt) {
  const started = Date.now();
  const cols = columns.map((c) => `\`${c}\``).join(', ');
  for (let from = 0; from < total; from += batch) {
    const rows = [];
    for (let i = from; i < Math.min(total, from + batch); i++) {
      const row = rowAt(i);
      rows.push(columns.map((c) => row[c]));
    }
    await db.query(`INSERT INTO \`${table}\` (${cols}) VALUES ?`, [rows]);
  }
  say(`${table}: ${total} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** One real, small .torrent in the site's canonical form: every torrent row stores these bytes. */
function sampleCanonicalTorrent() {
  const rnd = prng(7);
  const content = Buffer.alloc(256 * 1024, 0).map(() => Math.floor(rnd() * 256));
  const raw = createTorrent({ name: 'bench-sample.bin', content, pieceLength: 64 * 1024 });
  return Buffer.from(rewriteForSite(raw, { source: 'Tracker' }).bytes);
}

async function passwordHash() {
  const url = pathToFileURL(path.join(CMS_DIST, 'security/password-hasher.js')).href;
  const { hashPassword } = await import(url);
  return hashPassword(BENCH_PASSWORD);
}

async function fill(db) {
  const started = Date.now();
  const now = Date.now();
  // Checks are per row and pointless for generated, consistent data; they double the load time.
  await db.query('SET foreign_key_checks = 0, unique_checks = 0');
  await insertAll(db, 'category', ['id', 'name', 'slug'], SIZES.categories, 100, (i) => ({
    id: i + 1,
    name: CATEGORY_NAMES[i] ?? `Category ${i + 1}`,
    slug: (CATEGORY_NAMES[i] ?? `category-${i + 1}`).toLowerCase(),
  }));
  const hash = await passwordHash();
  const userRnd = prng(11);
  const userCols = [
    'id',
    'username',
    'email',
    'passwordHash',
    'role',
    'passkey',
    'rssKey',
    'uploaded',
    'downloaded',
  ];
  await insertAll(db, 'user', userCols, SIZES.users, 2000, (i) => userRow(i + 1, userRnd, hash, UPLOADERS));
  await fillReleases(db, now);
  const commentRnd = prng(13);
  await insertAll(db, 'comment', ['releaseId', 'authorId', 'body', 'createdAt'], SIZES.comments, 5000, () =>
    commentRow(commentRnd, SIZES.releases, SIZES.users, now),
  );
  await db.query('SET foreign_key_checks = 1, unique_checks = 1');
  await clearRegistryOutbox(db);
  await db.query('ANALYZE TABLE `category`, `user`, `release`, `torrent`, `comment`');
  say(`filled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function fillReleases(db, now) {
  const releaseRnd = prng(17);
  const shape = { categoryCount: SIZES.categories, authorCount: UPLOADERS, releaseCount: SIZES.releases };
  const titles = new Array(SIZES.releases);
  const releaseCols = [
    'id',
    'title',
    'description',
    'categoryId',
    'status',
    'authorId',
    'publishedAt',
    'createdAt',
  ];
  await insertAll(db, 'release', releaseCols, SIZES.releases, 2000, (i) => {
    const row = releaseRow(i + 1, releaseRnd, shape, now);
    titles[i] = row.title;
    return { ...row, status: 'published', createdAt: row.publishedAt };
  });
  const canonical = sampleCanonicalTorrent();
  const torrentRnd = prng(19);
  const torrentCols = [
    'releaseId',
    'infoHash',
    'name',
    'size',
    'pieceLength',
    'fileCount',
    'files',
    'canonical',
  ];
  await insertAll(
    db,
    'torrent',
    [...torrentCols, 'seeders', 'leechers', 'completed'],
    SIZES.releases,
    1000,
    (i) => ({
      ...torrentRow(i + 1, titles[i], torrentRnd),
      canonical,
    }),
  );
}

/**
 * The registry triggers queued one outbox row per inserted user and torrent. The CMS
 * reconciles the whole registry at start anyway, so draining 110,000 rows one by one during
 * the measurement would only add noise.
 */
async function clearRegistryOutbox(db) {
  const [tables] = await db.query("SHOW TABLES LIKE 'registry_outbox'");
  if (tables.length) await db.query('DELETE FROM `registry_outbox`');
}

main().catch((err) => {
  say(`fill failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
