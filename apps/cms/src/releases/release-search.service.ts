import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type ObjectLiteral, Repository, type SelectQueryBuilder } from 'typeorm';
import { Category } from '../categories/category.entity.js';
import { LiveCountsService } from '../swarm-counts/live-counts.service.js';
import { Torrent } from '../torrents/torrent.entity.js';
import {
  type BrowseQuery,
  likePattern,
  searchWords,
  type SortKey,
  toBooleanModeQuery,
} from './browse-query.js';
import { excerpt } from './markdown.js';
import { ReleaseCountCache } from './release-count-cache.js';
import { ReleaseCountSubscriber } from './release-count.subscriber.js';
import { Release } from './release.entity.js';

/** One row of the front page, a category page, browse and the API list. */
export interface ReleaseListItem {
  id: number;
  title: string;
  excerpt: string;
  category: { id: number; name: string; slug: string };
  size: number;
  seeders: number;
  leechers: number;
  snatches: number;
  infoHash: string;
  publishedAt: Date | null;
  hasPoster: boolean;
}

export interface ReleasePage {
  items: ReleaseListItem[];
  /** Matching releases; for a search, at most SEARCH_COUNT_CAP (see totalCapped). */
  total: number;
  /** True when a search matched more than `total`: show "1000+". */
  totalCapped: boolean;
  page: number;
  pages: number;
}

/** A search counts its matches up to this many: an exact count reads every match. */
export const SEARCH_COUNT_CAP = 1000;
const COUNT_TTL_MS = 5000;

type TorrentSortKey = Exclude<SortKey, 'date'>;

/**
 * Sort keys map to columns here and only here: user input never reaches ORDER BY. Each
 * column has a (column, releaseId) index, so a page is read in index order.
 */
const TORRENT_SORTS: Record<TorrentSortKey, { column: string; index: string }> = {
  seeders: { column: 't.seeders', index: 'idx_torrent_seeders_release' },
  leechers: { column: 't.leechers', index: 'idx_torrent_leechers_release' },
  size: { column: 't.size', index: 'idx_torrent_size_release' },
  snatches: { column: 't.completed', index: 'idx_torrent_completed_release' },
};

interface BrowseFilter {
  readonly categoryId: number | null;
  /** Adds the search's conditions on `r`; null without search words. */
  readonly search: ((qb: SelectQueryBuilder<ObjectLiteral>) => void) | null;
}

type Order = 'ASC' | 'DESC';

/**
 * Lists published releases with search, category filter, sort and pagination, in three steps
 * that each use an index: the page's ids, the count, then those rows with their torrent and
 * category. On MySQL the words go through the FULLTEXT index (boolean mode, operators
 * stripped); on SQLite, or when every word is shorter than MySQL's minimum token, each word
 * must appear (LIKE) in the title or description. Every value is a bound parameter.
 */
@Injectable()
export class ReleaseSearchService {
  private readonly counts = new ReleaseCountCache(COUNT_TTL_MS);

  constructor(
    @InjectRepository(Release) private readonly releases: Repository<Release>,
    private readonly liveCounts: LiveCountsService,
  ) {
    this.releases.manager.dataSource.subscribers.push(new ReleaseCountSubscriber(this.counts));
  }

  async browse(query: BrowseQuery): Promise<ReleasePage> {
    const categoryId = query.category ? await this.categoryIdOf(query.category) : null;
    if (categoryId === undefined) return pageOf(query, [], 0, false);
    const filter: BrowseFilter = { categoryId, search: this.searchFilter(query.q) };
    const [ids, counted] = await Promise.all([this.pageIds(query, filter), this.count(filter)]);
    // Sorted on the synced columns, shown with live counts: one store call for the page.
    const items = await this.liveCounts.overlay((await this.loadRows(ids)).map(toListItem));
    const capped = filter.search !== null && counted > SEARCH_COUNT_CAP;
    return pageOf(query, items, capped ? SEARCH_COUNT_CAP : counted, capped);
  }

  /** The category's id; undefined when no category has this slug. */
  private async categoryIdOf(slug: string): Promise<number | undefined> {
    const row = await this.releases.manager.findOne(Category, { where: { slug }, select: { id: true } });
    return row?.id;
  }

  private async pageIds(query: BrowseQuery, filter: BrowseFilter): Promise<number[]> {
    const order: Order = query.order === 'asc' ? 'ASC' : 'DESC';
    const qb =
      query.sort === 'date' ? this.idsByDate(order) : this.idsByTorrent(query.sort, order, !filter.search);
    applyFilter(qb, filter);
    qb.offset((query.page - 1) * query.perPage).limit(query.perPage);
    const rows = await qb.getRawMany<{ id: number | string }>();
    return rows.map((row) => Number(row.id));
  }

  private idsByDate(order: Order): SelectQueryBuilder<ObjectLiteral> {
    return this.releases.manager
      .createQueryBuilder()
      .select('r.id', 'id')
      .from(Release, 'r')
      .innerJoin(Torrent, 't', 't.releaseId = r.id')
      .orderBy('r.publishedAt', order)
      .addOrderBy('r.id', order);
  }

  /**
   * Ids from `torrent` first, in (column, releaseId) index order, each checked against its
   * release. MariaDB would otherwise start from every published release and sort them all in a
   * temporary table (2.7 s at 100,000); USE INDEX takes the torrent's releaseId index out of
   * its reach, so it walks the sort index and stops after one page. A search keeps the planner's
   * choice: its FULLTEXT matches are the smaller set to start from.
   */
  private idsByTorrent(
    sort: TorrentSortKey,
    order: Order,
    walkIndex: boolean,
  ): SelectQueryBuilder<ObjectLiteral> {
    const { column, index } = TORRENT_SORTS[sort];
    const qb = this.releases.manager
      .createQueryBuilder()
      .select('t.releaseId', 'id')
      .from(Torrent, 't')
      .innerJoin(Release, 'r', 'r.id = t.releaseId')
      .orderBy(column, order)
      .addOrderBy('t.releaseId', order);
    if (walkIndex) qb.useIndex(index);
    return qb;
  }

  /**
   * Published releases, on `release` alone (its status and category indexes cover it), cached
   * briefly; a search counts at most SEARCH_COUNT_CAP + 1 matches.
   */
  private async count(filter: BrowseFilter): Promise<number> {
    if (filter.search) return this.cappedCount(filter);
    const key = filter.categoryId === null ? 'all' : `category:${filter.categoryId}`;
    return this.counts.get(key, async () => {
      const qb = this.releases.manager.createQueryBuilder().select('COUNT(*)', 'n').from(Release, 'r');
      applyFilter(qb, filter);
      return Number((await qb.getRawOne<{ n: number | string }>())?.n ?? 0);
    });
  }

  private async cappedCount(filter: BrowseFilter): Promise<number> {
    const row = await this.releases.manager
      .createQueryBuilder()
      .select('COUNT(*)', 'n')
      .from((sub) => {
        const matches = sub.select('r.id', 'id').from(Release, 'r');
        applyFilter(matches, filter);
        return matches.limit(SEARCH_COUNT_CAP + 1);
      }, 'capped')
      .getRawOne<{ n: number | string }>();
    return Number(row?.n ?? 0);
  }

  /** The page's rows in the order of `ids`; one that was unpublished meanwhile is left out. */
  private async loadRows(ids: number[]): Promise<Release[]> {
    if (ids.length === 0) return [];
    const rows = await this.releases
      .createQueryBuilder('r')
      .innerJoin('r.torrent', 't')
      .innerJoin('r.category', 'c')
      .select(['r.id', 'r.title', 'r.description', 'r.publishedAt', 'r.posterMime'])
      .addSelect(['t.id', 't.infoHash', 't.size', 't.seeders', 't.leechers', 't.completed'])
      .addSelect(['c.id', 'c.name', 'c.slug'])
      .where('r.id IN (:...ids)', { ids })
      .andWhere('r.status = :status', { status: 'published' })
      .getMany();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private searchFilter(text: string): BrowseFilter['search'] {
    const words = searchWords(text);
    if (words.length === 0) return null;
    const fulltext = this.isMysql() ? toBooleanModeQuery(text) : null;
    if (fulltext) {
      return (qb) =>
        qb.andWhere('MATCH(r.title, r.description) AGAINST (:fulltext IN BOOLEAN MODE)', { fulltext });
    }
    return (qb) =>
      words.forEach((word, i) => {
        qb.andWhere(
          new Brackets((w) =>
            w
              .where(`r.title LIKE :w${i} ESCAPE '!'`, { [`w${i}`]: likePattern(word) })
              .orWhere(`r.description LIKE :w${i} ESCAPE '!'`),
          ),
        );
      });
  }

  private isMysql(): boolean {
    const type = this.releases.manager.dataSource.options.type;
    return type === 'mysql' || type === 'mariadb';
  }
}

function applyFilter(qb: SelectQueryBuilder<ObjectLiteral>, filter: BrowseFilter): void {
  qb.where('r.status = :status', { status: 'published' });
  if (filter.categoryId !== null)
    qb.andWhere('r.categoryId = :categoryId', { categoryId: filter.categoryId });
  filter.search?.(qb);
}

function pageOf(query: BrowseQuery, items: ReleaseListItem[], total: number, capped: boolean): ReleasePage {
  // A capped search offers one page past the cap: the pager says there is more.
  const countable = capped ? total + 1 : total;
  return {
    items,
    total,
    totalCapped: capped,
    page: query.page,
    pages: Math.max(1, Math.ceil(countable / query.perPage)),
  };
}

function toListItem(release: Release): ReleaseListItem {
  const torrent = release.torrent;
  const category = release.category;
  return {
    id: release.id,
    title: release.title,
    excerpt: excerpt(release.description),
    category: { id: category?.id ?? 0, name: category?.name ?? '', slug: category?.slug ?? '' },
    size: torrent?.size ?? 0,
    seeders: torrent?.seeders ?? 0,
    leechers: torrent?.leechers ?? 0,
    snatches: torrent?.completed ?? 0,
    infoHash: torrent?.infoHash ?? '',
    publishedAt: release.publishedAt,
    hasPoster: !!release.posterMime,
  };
}
