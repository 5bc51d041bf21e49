import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SwarmStore } from '@tracker/core';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { CategoriesRepository } from '../../src/categories/categories.repository.js';
import { CategoriesService } from '../../src/categories/categories.service.js';
import { Category } from '../../src/categories/category.entity.js';
import { Comment } from '../../src/comments/comment.entity.js';
import { sqlReaderFor } from '../../src/database/sql-reader.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { parseBrowseQuery } from '../../src/releases/browse-query.js';
import { ReleaseDetailRepository } from '../../src/releases/release-detail.repository.js';
import { ReleaseListRepository } from '../../src/releases/release-list.repository.js';
import { ReleaseSearchService } from '../../src/releases/release-search.service.js';
import { Release } from '../../src/releases/release.entity.js';
import { ReleasesRepository } from '../../src/releases/releases.repository.js';
import { ReleasesService } from '../../src/releases/releases.service.js';
import { LiveCountsService } from '../../src/swarm-counts/live-counts.service.js';
import type { SiteInfo } from '../../src/torrents/site-info.js';
import { Snatch } from '../../src/torrents/snatch.entity.js';
import type { TorrentCodec } from '../../src/torrents/torrent-codec.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';
import { TorrentsRepository } from '../../src/torrents/torrents.repository.js';
import { ensureCategory, insertRelease } from './release-fixtures.js';

const noStore: SwarmStore = {
  announce: () => Promise.reject(new Error('unused')),
  scrape: () => Promise.reject(new Error('unused')),
  counts: () => Promise.reject(new Error('unused')),
  close: async () => undefined,
};

/** The SQL the hot pages send, counted: each extra round trip is paid on every view. */
describe('queries behind the release page and the lists (SQLite)', () => {
  const sql: string[] = [];
  let ds: DataSource;
  let releases: ReleasesService;
  let search: ReleaseSearchService;
  let releaseId: number;

  beforeAll(async () => {
    ds = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [Category, Release, Torrent, Comment, Snatch],
      synchronize: true,
      logging: ['query'],
      logger: recordingLogger(sql),
    }).initialize();
    const sqlReader = sqlReaderFor(ds);
    releases = new ReleasesService(
      new ReleasesRepository(ds.getRepository(Release)),
      new TorrentsRepository(ds.getRepository(Torrent), sqlReader),
      new CategoriesService(new CategoriesRepository(ds.getRepository(Category), sqlReader)),
      new UnitOfWork(ds),
      {} as TorrentCodec,
      {} as SiteInfo,
    );
    search = new ReleaseSearchService(
      new ReleaseListRepository(sqlReaderFor(ds)),
      new LiveCountsService(noStore),
      ds,
    );
    const category = await ensureCategory(ds, 'Linux');
    releaseId = (await insertRelease(ds, { title: 'Debian', category })).id;
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('loads a release with its category and torrent in one SELECT', async () => {
    sql.length = 0;
    const release = await releases.getVisible(null, releaseId);
    expect(release).toMatchObject({ title: 'Debian', category: { slug: 'linux' }, torrent: { releaseId } });
    expect(sql).toHaveLength(1);
  });

  it('reads the release page’s release, category, torrent and files in one SELECT', async () => {
    sql.length = 0;
    const detail = await new ReleaseDetailRepository(sqlReaderFor(ds)).find(releaseId);
    expect(detail).toMatchObject({
      id: releaseId,
      title: 'Debian',
      status: 'published',
      freeleech: false,
      category: { slug: 'linux' },
      torrent: { size: 1000, files: [{ path: 'file.bin', length: 1000 }] },
    });
    expect(detail?.publishedAt).toBeInstanceOf(Date);
    expect(Math.abs(Date.now() - (detail?.publishedAt?.getTime() ?? 0))).toBeLessThan(60_000);
    expect(sql).toHaveLength(1);
  });

  it('answers a repeated list view from memory, with no SQL', async () => {
    await search.browse(parseBrowseQuery({ q: 'debian' }));
    sql.length = 0;
    const page = await search.browse(parseBrowseQuery({ q: 'debian' }));
    expect(page.items.map((i) => i.title)).toEqual(['Debian']);
    expect(sql).toEqual([]);
  });

  it('reads a search’s count and page in one SELECT of its ids', async () => {
    search.clear();
    sql.length = 0;
    const first = await search.browse(parseBrowseQuery({ q: 'debian', perPage: '1' }));
    // The search ran (its id query reads the match) and counted, with no COUNT of its own.
    expect(sql.filter((q) => /MATCH|LIKE/i.test(q)).length).toBeGreaterThan(0);
    expect(sql.filter((q) => /COUNT\(/i.test(q))).toEqual([]);
    expect(first).toMatchObject({ total: 1, pages: 1, items: [{ title: 'Debian' }] });
    sql.length = 0;
    const second = await search.browse(parseBrowseQuery({ q: 'debian', perPage: '1', page: '2' }));
    // Page 2 knows the count from the same ids: the search is not run again.
    expect(second).toMatchObject({ total: 1, page: 2, items: [] });
    expect(sql.filter((q) => /MATCH|LIKE/i.test(q))).toEqual([]);
  });

  it('counts published releases on the release table alone, and once per few seconds', async () => {
    await search.browse(parseBrowseQuery({ category: 'linux' }));
    sql.length = 0;
    const page = await search.browse(parseBrowseQuery({ category: 'linux' }));
    expect(page.total).toBe(1);
    expect(sql.filter((q) => /COUNT\(/i.test(q))).toEqual([]);
  });

  it('shows a release published by this process in the next count', async () => {
    const before = await search.browse(parseBrowseQuery({}));
    await insertRelease(ds, { title: 'Fedora', category: await ensureCategory(ds, 'Linux') });
    expect((await search.browse(parseBrowseQuery({}))).total).toBe(before.total + 1);
  });
});

function recordingLogger(into: string[]): TypeOrmLogger {
  return {
    logQuery: (query) => void into.push(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
}
