import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, type SelectQueryBuilder } from 'typeorm';
import { LiveCountsService } from '../swarm-counts/live-counts.service.js';
import {
  type BrowseQuery,
  likePattern,
  searchWords,
  type SortKey,
  toBooleanModeQuery,
} from './browse-query.js';
import { excerpt } from './markdown.js';
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
  total: number;
  page: number;
  pages: number;
}

/** Sort keys map to columns here and only here: user input never reaches ORDER BY. */
const SORT_COLUMNS: Record<SortKey, string> = {
  date: 'r.publishedAt',
  seeders: 't.seeders',
  leechers: 't.leechers',
  size: 't.size',
  snatches: 't.completed',
};

/**
 * Lists published releases with search, category filter, sort and pagination. On MySQL the
 * words go through the FULLTEXT index (boolean mode, operators stripped); on SQLite, or when
 * every word is shorter than MySQL's minimum token, each word must appear (LIKE) in the title
 * or description. Every value is a bound parameter.
 */
@Injectable()
export class ReleaseSearchService {
  constructor(
    @InjectRepository(Release) private readonly releases: Repository<Release>,
    private readonly liveCounts: LiveCountsService,
  ) {}

  async browse(query: BrowseQuery): Promise<ReleasePage> {
    const qb = this.baseQuery();
    if (query.category) qb.andWhere('c.slug = :slug', { slug: query.category });
    if (query.q) this.applySearch(qb, query.q);
    const order = query.order === 'asc' ? 'ASC' : 'DESC';
    qb.orderBy(SORT_COLUMNS[query.sort], order).addOrderBy('r.id', order);
    qb.offset((query.page - 1) * query.perPage).limit(query.perPage);
    const [rows, total] = await qb.getManyAndCount();
    return {
      // Sorted on the synced columns, shown with live counts: one store call for the page.
      items: await this.liveCounts.overlay(rows.map(toListItem)),
      total,
      page: query.page,
      pages: Math.max(1, Math.ceil(total / query.perPage)),
    };
  }

  private baseQuery(): SelectQueryBuilder<Release> {
    return this.releases
      .createQueryBuilder('r')
      .innerJoin('r.torrent', 't')
      .innerJoin('r.category', 'c')
      .select(['r.id', 'r.title', 'r.description', 'r.publishedAt', 'r.posterMime'])
      .addSelect(['t.id', 't.infoHash', 't.size', 't.seeders', 't.leechers', 't.completed'])
      .addSelect(['c.id', 'c.name', 'c.slug'])
      .where('r.status = :status', { status: 'published' });
  }

  private applySearch(qb: SelectQueryBuilder<Release>, text: string): void {
    const words = searchWords(text);
    if (words.length === 0) return;
    const fulltext = this.isMysql() ? toBooleanModeQuery(text) : null;
    if (fulltext) {
      qb.andWhere('MATCH(r.title, r.description) AGAINST (:fulltext IN BOOLEAN MODE)', { fulltext });
      return;
    }
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
