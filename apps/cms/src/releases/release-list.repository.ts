import { Injectable } from '@nestjs/common';
import { SqlReader, type SqlValue } from '../database/sql-reader.js';
import { toDate, toNumber } from '../database/sql-values.js';
import { likePattern, type SortKey, toBooleanModeQuery } from './browse-query.js';
import { excerpt } from '../text/markdown.js';

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

/** Which published releases a list shows: all, one category, and/or the words of a search. */
export interface ListFilter {
  readonly categoryId: number | null;
  /** The search's words (searchWords()); empty without a search. */
  readonly words: readonly string[];
}

export type Order = 'ASC' | 'DESC';

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

/** The SQL text and its bound values, built from fixed fragments only. */
interface Statement {
  sql: string;
  params: SqlValue[];
}

interface ListRow {
  id: number;
  title: string;
  description: string;
  publishedAt: unknown;
  posterMime: string | null;
  infoHash: string;
  size: unknown;
  seeders: unknown;
  leechers: unknown;
  completed: unknown;
  categoryId: unknown;
  categoryName: string;
  categorySlug: string;
}

/**
 * The SQL behind the release lists, hand-written: the page's ids (each sort walks an index),
 * the counts, and the rows of given ids. On MySQL the words go through the FULLTEXT index
 * (boolean mode, operators stripped); on SQLite, or when every word is shorter than MySQL's
 * minimum token, each word must appear (LIKE) in the title or description. The text of every
 * statement is chosen from the constants here; every value is a `?` parameter.
 */
@Injectable()
export class ReleaseListRepository {
  constructor(private readonly sql: SqlReader) {}

  /** The category's id; undefined when no category has this slug. */
  async categoryIdOf(slug: string): Promise<number | undefined> {
    const rows = await this.sql.rows<{ id: unknown }>('SELECT id FROM category WHERE slug = ?', [slug]);
    return rows[0] ? toNumber(rows[0].id) : undefined;
  }

  /** Ids of published releases in the list's order, `limit` of them from `offset`. */
  async ids(
    filter: ListFilter,
    sort: SortKey,
    order: Order,
    limit: number,
    offset: number,
  ): Promise<number[]> {
    const from =
      sort === 'date'
        ? this.fromReleases(order)
        : this.fromTorrents(sort, order, filter.words.length === 0 && this.sql.dialect === 'mysql');
    const where = this.where(filter);
    const rows = await this.sql.rows<{ id: unknown }>(
      `${from.select} WHERE ${where.sql} ${from.orderBy} LIMIT ? OFFSET ?`,
      [...where.params, limit, offset],
    );
    return rows.map((row) => toNumber(row.id));
  }

  /** Published releases in the filter's category (no search), on `release` alone: its indexes cover it. */
  async count(categoryId: number | null): Promise<number> {
    const where = this.where({ categoryId, words: [] });
    const rows = await this.sql.rows<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM \`release\` r WHERE ${where.sql}`,
      where.params,
    );
    return toNumber(rows[0]?.n);
  }

  /** The rows of these ids in the order given; one unpublished meanwhile is left out. */
  async items(ids: readonly number[]): Promise<ReleaseListItem[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql.rows<ListRow>(
      `SELECT r.id AS id, r.title AS title, r.description AS description, r.publishedAt AS publishedAt,
              r.posterMime AS posterMime, t.infoHash AS infoHash, t.size AS size, t.seeders AS seeders,
              t.leechers AS leechers, t.completed AS completed, c.id AS categoryId,
              c.name AS categoryName, c.slug AS categorySlug
         FROM \`release\` r
         INNER JOIN torrent t ON t.releaseId = r.id
         INNER JOIN category c ON c.id = r.categoryId
        WHERE r.id IN (${ids.map(() => '?').join(', ')}) AND r.status = ?`,
      [...ids, 'published'],
    );
    const byId = new Map(rows.map((row) => [toNumber(row.id), row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toListItem(row)] : [];
    });
  }

  private fromReleases(order: Order): { select: string; orderBy: string } {
    return {
      select: 'SELECT r.id AS id FROM `release` r INNER JOIN torrent t ON t.releaseId = r.id',
      orderBy: `ORDER BY r.publishedAt ${order}, r.id ${order}`,
    };
  }

  /**
   * Ids from `torrent` first, in (column, releaseId) index order, each checked against its
   * release. MariaDB would otherwise start from every published release and sort them all in a
   * temporary table (2.7 s at 100,000); USE INDEX takes the torrent's releaseId index out of
   * its reach, so it walks the sort index and stops after one page. A search keeps the planner's
   * choice: its FULLTEXT matches are the smaller set to start from.
   */
  private fromTorrents(
    sort: TorrentSortKey,
    order: Order,
    walkIndex: boolean,
  ): { select: string; orderBy: string } {
    const { column, index } = TORRENT_SORTS[sort];
    const hint = walkIndex ? ` USE INDEX (${index})` : '';
    return {
      select: `SELECT t.releaseId AS id FROM torrent t${hint} INNER JOIN \`release\` r ON r.id = t.releaseId`,
      orderBy: `ORDER BY ${column} ${order}, t.releaseId ${order}`,
    };
  }

  private where(filter: ListFilter): Statement {
    const parts = ['r.status = ?'];
    const params: SqlValue[] = ['published'];
    if (filter.categoryId !== null) {
      parts.push('r.categoryId = ?');
      params.push(filter.categoryId);
    }
    if (filter.words.length > 0) {
      const fulltext = this.sql.dialect === 'mysql' ? toBooleanModeQuery(filter.words.join(' ')) : null;
      if (fulltext) {
        parts.push('MATCH(r.title, r.description) AGAINST (? IN BOOLEAN MODE)');
        params.push(fulltext);
      } else {
        for (const word of filter.words) {
          parts.push("(r.title LIKE ? ESCAPE '!' OR r.description LIKE ? ESCAPE '!')");
          const pattern = likePattern(word);
          params.push(pattern, pattern);
        }
      }
    }
    return { sql: parts.join(' AND '), params };
  }
}

/** A list row from the driver's values. */
export function toListItem(row: ListRow): ReleaseListItem {
  return {
    id: toNumber(row.id),
    title: row.title,
    excerpt: excerpt(row.description),
    category: { id: toNumber(row.categoryId), name: row.categoryName, slug: row.categorySlug },
    size: toNumber(row.size),
    seeders: toNumber(row.seeders),
    leechers: toNumber(row.leechers),
    snatches: toNumber(row.completed),
    infoHash: row.infoHash,
    publishedAt: toDate(row.publishedAt),
    hasPoster: !!row.posterMime,
  };
}
