import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SwarmStore } from '@tracker/core';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { entities } from '../../src/entities.js';
import { sqlReaderFor } from '../../src/database/sql-reader.js';
import { parseBrowseQuery } from '../../src/releases/browse-query.js';
import { ReleaseListRepository } from '../../src/releases/release-list.repository.js';
import { ReleaseSearchService, SEARCH_COUNT_CAP } from '../../src/releases/release-search.service.js';
import { Release } from '../../src/releases/release.entity.js';
import { LiveCountsService } from '../../src/swarm-counts/live-counts.service.js';
import { createTestDatabase } from '../support/index.js';
import { ensureCategory, insertManyReleases, insertRelease } from './release-fixtures.js';

const unreachableStore: SwarmStore = {
  announce: () => Promise.reject(new Error('no swarm store in this test')),
  scrape: () => Promise.reject(new Error('no swarm store in this test')),
  counts: () => Promise.reject(new Error('no swarm store in this test')),
  close: async () => undefined,
};

// MariaDB runs the migrations and takes the FULLTEXT and USE INDEX paths; SQLite the LIKE ones.
describe.each(['sqlite', 'mariadb'] as const)('ReleaseSearchService on %s', (dialect) => {
  let ds: DataSource;
  let dropDatabase: (() => Promise<void>) | undefined;
  let search: ReleaseSearchService;

  beforeAll(async () => {
    const db = dialect === 'mariadb' ? await createTestDatabase() : undefined;
    dropDatabase = db?.drop;
    ds = await new DataSource(
      buildDataSourceOptions({ databaseUrl: db?.url, sqlitePath: ':memory:' }, entities),
    ).initialize();
    // No swarm store answers here, so rows keep the counts of their torrent columns (the
    // live overlay is tested in test/swarm-counts/).
    search = new ReleaseSearchService(
      new ReleaseListRepository(sqlReaderFor(ds)),
      new LiveCountsService(unreachableStore),
      ds,
    );
    const music = await ensureCategory(ds, 'Music');
    const linux = await ensureCategory(ds, 'Linux');
    const day = (n: number) => new Date(Date.UTC(2026, 0, n));
    await insertRelease(ds, {
      title: 'Debian netinst',
      description: 'A small ISO',
      category: linux,
      seeders: 5,
      size: 300,
      publishedAt: day(1),
    });
    await insertRelease(ds, {
      title: 'Live album',
      description: 'Recorded 100% live_',
      category: music,
      seeders: 9,
      size: 100,
      publishedAt: day(2),
    });
    await insertRelease(ds, {
      title: 'Studio album',
      description: 'debian fans love it',
      category: music,
      seeders: 1,
      size: 200,
      completed: 7,
      publishedAt: day(3),
    });
    await insertRelease(ds, { title: 'Secret draft album', category: music, status: 'draft' });
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase?.();
  });

  const titles = async (raw: Record<string, string>) =>
    (await search.browse(parseBrowseQuery(raw))).items.map((i) => i.title);

  it('lists published releases newest first, without drafts', async () => {
    expect(await titles({})).toEqual(['Studio album', 'Live album', 'Debian netinst']);
  });

  it('filters by category slug', async () => {
    expect(await titles({ category: 'linux' })).toEqual(['Debian netinst']);
  });

  it('sorts by seeders, size and snatches', async () => {
    expect(await titles({ sort: 'seeders' })).toEqual(['Live album', 'Debian netinst', 'Studio album']);
    expect(await titles({ sort: 'size', order: 'asc' })).toEqual([
      'Live album',
      'Studio album',
      'Debian netinst',
    ]);
    expect((await titles({ sort: 'snatches' }))[0]).toBe('Studio album');
  });

  it('searches title and description, every word required', async () => {
    expect(await titles({ q: 'debian' })).toEqual(['Studio album', 'Debian netinst']);
    expect(await titles({ q: 'album live' })).toEqual(['Live album']);
    expect(await titles({ q: 'draft' })).toEqual([]);
  });

  it('treats LIKE wildcards and SQL in the search as plain text', async () => {
    expect(await titles({ q: '%' })).toEqual(['Studio album', 'Live album', 'Debian netinst']);
    expect(await titles({ q: "zzz' OR 1=1 --" })).toEqual([]);
    expect(await titles({ q: 'album", "x"); DROP TABLE release; --' })).toEqual([]);
    expect(await ds.getRepository(Release).count()).toBe(4);
  });

  it('ignores an injection attempt in sort and order', async () => {
    expect(await titles({ sort: 'r.id; DROP TABLE release', order: 'asc;--' })).toEqual([
      'Studio album',
      'Live album',
      'Debian netinst',
    ]);
  });

  it('paginates with totals', async () => {
    const page = await search.browse(parseBrowseQuery({ perPage: '2', page: '2' }));
    expect(page).toMatchObject({ total: 3, page: 2, pages: 2 });
    expect(page.items.map((i) => i.title)).toEqual(['Debian netinst']);
    expect(page.items[0]).toMatchObject({
      category: { slug: 'linux' },
      size: 300,
      seeders: 5,
      excerpt: 'A small ISO',
    });
  });

  it('breaks ties in a torrent sort by release id, in the sort direction', async () => {
    const tied = await ensureCategory(ds, 'Tied');
    const ids: number[] = [];
    for (const title of ['Tie one', 'Tie two', 'Tie three'])
      ids.push((await insertRelease(ds, { title, category: tied, leechers: 4 })).id);
    const ordered = async (order: string) =>
      (await search.browse(parseBrowseQuery({ category: 'tied', sort: 'leechers', order }))).items.map(
        (i) => i.id,
      );
    expect(await ordered('desc')).toEqual([...ids].reverse());
    expect(await ordered('asc')).toEqual(ids);
  });

  it('gives an empty page for an unknown category', async () => {
    expect(await search.browse(parseBrowseQuery({ category: 'no-such-thing' }))).toMatchObject({
      items: [],
      total: 0,
      pages: 1,
    });
  });

  it('counts a search up to the cap and says there are more', async () => {
    const bulk = await ensureCategory(ds, 'Bulk');
    await insertManyReleases(ds, bulk, SEARCH_COUNT_CAP + 1, (i) => `Zebra crossing ${i}`);
    const page = await search.browse(parseBrowseQuery({ q: 'zebra' }));
    expect(page).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true, pages: 41 });
    expect(page.items).toHaveLength(25);
    const exact = await search.browse(parseBrowseQuery({ q: 'debian' }));
    expect(exact).toMatchObject({ total: 2, totalCapped: false });
    const listed = await search.browse(parseBrowseQuery({ category: 'bulk', sort: 'seeders' }));
    expect(listed).toMatchObject({ total: SEARCH_COUNT_CAP + 1, totalCapped: false });
  }, 60_000);
});
