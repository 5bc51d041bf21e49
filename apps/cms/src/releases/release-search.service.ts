import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LiveCountsService } from '../swarm-counts/live-counts.service.js';
import { type BrowseQuery, searchWords } from './browse-query.js';
import {
  type ListFilter,
  type Order,
  ReleaseListRepository,
  type ReleaseListItem,
} from './release-list.repository.js';
import { ReleaseListInvalidator } from './release-list-invalidator.js';
import { LoadingCache } from '../cache/loading-cache.js';

export type { ReleaseListItem } from './release-list.repository.js';

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

/**
 * How long a list page, a count or a search's ids are kept. This process's own writes clear
 * them at once (ReleaseListInvalidator); what else they may lag by is in
 * docs/adr/0009-site-read-path.md.
 */
export const LIST_CACHE_TTL_MS = 5000;
const MAX_CACHED_PAGES = 2000;
const MAX_CACHED_SEARCHES = 500;
const MAX_CACHED_COUNTS = 200;

/** A page as cached: everything but the live seeders and leechers, overlaid per view. */
interface ListPage {
  items: ReleaseListItem[];
  total: number;
  capped: boolean;
}

/**
 * Lists published releases with search, category filter, sort and pagination for the front
 * page, category pages, browse, the feeds and the API. A list page is built from the page's
 * ids, the count and those rows (ReleaseListRepository), then kept for LIST_CACHE_TTL_MS;
 * every view overlays the live swarm counts. A search reads its matches' ids once, in the
 * list's order and up to SEARCH_COUNT_CAP + 1: that one query gives both the count ("1000+"
 * past the cap) and every page up to the cap, kept as long.
 */
@Injectable()
export class ReleaseSearchService {
  private readonly pages = new LoadingCache<ListPage>(LIST_CACHE_TTL_MS, MAX_CACHED_PAGES);
  private readonly searches = new LoadingCache<number[]>(LIST_CACHE_TTL_MS, MAX_CACHED_SEARCHES);
  private readonly counts = new LoadingCache<number>(LIST_CACHE_TTL_MS, MAX_CACHED_COUNTS);

  constructor(
    private readonly lists: ReleaseListRepository,
    private readonly liveCounts: LiveCountsService,
    dataSource: DataSource,
  ) {
    dataSource.subscribers.push(new ReleaseListInvalidator(() => this.clear()));
  }

  async browse(query: BrowseQuery): Promise<ReleasePage> {
    const words = searchWords(query.q);
    const key = JSON.stringify([words, query.category, query.sort, query.order, query.page, query.perPage]);
    const page = await this.pages.get(key, () => this.load(query, words));
    // Sorted on the synced columns, shown with live counts: one store call for the page.
    const items = await this.liveCounts.overlay(page.items);
    return pageOf(query, items, page.total, page.capped);
  }

  /** Forgets every cached page, count and search (a release or category changed). */
  clear(): void {
    this.pages.clear();
    this.searches.clear();
    this.counts.clear();
  }

  private async load(query: BrowseQuery, words: string[]): Promise<ListPage> {
    const categoryId = query.category ? await this.lists.categoryIdOf(query.category) : null;
    if (categoryId === undefined) return { items: [], total: 0, capped: false };
    const filter: ListFilter = { categoryId, words };
    const order: Order = query.order === 'asc' ? 'ASC' : 'DESC';
    const offset = (query.page - 1) * query.perPage;
    if (words.length === 0) {
      const [ids, total] = await Promise.all([
        this.lists.ids(filter, query.sort, order, query.perPage, offset),
        this.count(categoryId),
      ]);
      return { items: await this.lists.items(ids), total, capped: false };
    }
    const matches = await this.searchIds(filter, query.sort, order);
    const capped = matches.length > SEARCH_COUNT_CAP;
    // Past the cap (only reachable by typing the URL) the page is read on its own.
    const ids =
      offset + query.perPage <= matches.length || !capped
        ? matches.slice(offset, offset + query.perPage)
        : await this.lists.ids(filter, query.sort, order, query.perPage, offset);
    return { items: await this.lists.items(ids), total: Math.min(matches.length, SEARCH_COUNT_CAP), capped };
  }

  /** A search's first SEARCH_COUNT_CAP + 1 ids in the list's order. */
  private searchIds(filter: ListFilter, sort: BrowseQuery['sort'], order: Order): Promise<number[]> {
    const key = JSON.stringify([filter.words, filter.categoryId, sort, order]);
    return this.searches.get(key, () => this.lists.ids(filter, sort, order, SEARCH_COUNT_CAP + 1, 0));
  }

  /** Published releases, all or in one category: the same for every page of the list. */
  private count(categoryId: number | null): Promise<number> {
    return this.counts.get(categoryId === null ? 'all' : `category:${categoryId}`, () =>
      this.lists.count(categoryId),
    );
  }
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
