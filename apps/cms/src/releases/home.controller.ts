import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CategoriesService } from '../categories/categories.service.js';
import { notFound } from '../errors/domain-error.js';
import { renderPage } from '../http/render.js';
import { type BrowseQuery, browseHref, parseBrowseQuery, SORT_KEYS } from './browse-query.js';
import { ReleaseSearchService, type ReleasePage } from './release-search.service.js';

const SORT_LABELS: Record<string, string> = {
  date: 'Date',
  seeders: 'Seeders',
  leechers: 'Leechers',
  size: 'Size',
  snatches: 'Snatches',
};

/** The public lists: the front page news feed, browse/search and category pages. */
@Controller()
export class HomeController {
  constructor(
    private readonly search: ReleaseSearchService,
    private readonly categories: CategoriesService,
  ) {}

  @Get()
  async home(@Query() raw: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const query = { ...parseBrowseQuery({ page: raw['page'] }), perPage: 10 };
    const page = await this.search.browse(query);
    renderPage(res, 'pages/home/index', {
      title: 'Latest releases',
      ...page,
      pager: pager('/', query, page),
    });
  }

  @Get('browse')
  async browse(@Query() raw: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const query = parseBrowseQuery(raw);
    const page = await this.search.browse(query);
    renderPage(res, 'pages/browse/index', {
      title: query.q ? `Search: ${query.q}` : 'Browse',
      query,
      ...page,
      categories: await this.categories.listCached(),
      sorts: SORT_KEYS.map((key) => ({ key, label: SORT_LABELS[key], selected: key === query.sort })),
      pager: pager('/browse', query, page),
    });
  }

  @Get('categories/:slug')
  async category(
    @Param('slug') slug: string,
    @Query() raw: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const category = await this.categories.findCachedBySlug(slug.toLowerCase());
    if (!category) throw notFound('No such category.');
    const query = parseBrowseQuery({ ...raw, category: category.slug });
    const page = await this.search.browse(query);
    const base = `/categories/${category.slug}`;
    renderPage(res, 'pages/categories/show', {
      title: category.name,
      category,
      ...page,
      pager: pager(base, { ...query, category: null }, page),
    });
  }
}

function pager(base: string, query: BrowseQuery, page: ReleasePage) {
  return {
    page: page.page,
    pages: page.pages,
    /** A capped search count: there may be more pages than shown. */
    more: page.totalCapped,
    multiple: page.pages > 1,
    prev: page.page > 1 ? browseHref(base, query, { page: page.page - 1 }) : null,
    next: page.page < page.pages ? browseHref(base, query, { page: page.page + 1 }) : null,
  };
}
