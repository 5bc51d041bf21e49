import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SwarmStore } from '@tracker/core';
import { DataSource } from 'typeorm';
import { Category } from '../../src/categories/category.entity.js';
import { Comment } from '../../src/comments/comment.entity.js';
import { parseBrowseQuery } from '../../src/releases/browse-query.js';
import { ReleaseSearchService } from '../../src/releases/release-search.service.js';
import { Release } from '../../src/releases/release.entity.js';
import { LiveCountsService } from '../../src/swarm-counts/live-counts.service.js';
import { Snatch } from '../../src/torrents/snatch.entity.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';
import { ensureCategory, insertRelease } from './release-fixtures.js';

const unreachableStore: SwarmStore = {
  announce: () => Promise.reject(new Error('no swarm store in this test')),
  scrape: () => Promise.reject(new Error('no swarm store in this test')),
  counts: () => Promise.reject(new Error('no swarm store in this test')),
  close: async () => undefined,
};

describe('ReleaseSearchService on SQLite', () => {
  let ds: DataSource;
  let search: ReleaseSearchService;

  beforeAll(async () => {
    ds = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [Category, Release, Torrent, Comment, Snatch],
      synchronize: true,
    }).initialize();
    // No swarm store answers here, so rows keep the counts of their torrent columns (the
    // live overlay is tested in test/swarm-counts/).
    search = new ReleaseSearchService(ds.getRepository(Release), new LiveCountsService(unreachableStore));
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
  });

  afterAll(async () => {
    await ds.destroy();
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
});
