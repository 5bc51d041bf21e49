import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Transaction } from '../database/unit-of-work.js';
import { Release } from './release.entity.js';

/** What a new release row holds; the rest comes from the database. */
export type NewReleaseRow = Pick<
  Release,
  | 'title'
  | 'description'
  | 'categoryId'
  | 'status'
  | 'publishedAt'
  | 'freeleech'
  | 'authorId'
  | 'poster'
  | 'posterMime'
>;

export type ReleaseChanges = Partial<
  Pick<
    Release,
    'title' | 'description' | 'categoryId' | 'freeleech' | 'poster' | 'posterMime' | 'status' | 'publishedAt'
  >
>;

/** The `release` table (writes and single rows; the lists and the page read by SQL elsewhere). */
@Injectable()
export class ReleasesRepository {
  constructor(@InjectRepository(Release) private readonly releases: Repository<Release>) {}

  /** The release with its category and torrent (no poster bytes). */
  withCategoryAndTorrent(id: number): Promise<Release | null> {
    // Explicit joins and no LIMIT: findOne with relations first runs a SELECT DISTINCT of the id.
    return this.releases
      .createQueryBuilder('r')
      .leftJoinAndSelect('r.category', 'c')
      .leftJoinAndSelect('r.torrent', 't')
      .where('r.id = :id', { id })
      .getOne();
  }

  /** Who may see it, and the poster bytes. */
  withPoster(id: number): Promise<Release | null> {
    return this.releases.findOne({
      where: { id },
      select: { id: true, status: true, authorId: true, posterMime: true, poster: true },
    });
  }

  /** Who may see it: enough for the access rules (release-access.ts). */
  access(id: number): Promise<Pick<Release, 'id' | 'status' | 'authorId'> | null> {
    return this.releases.findOne({ where: { id }, select: { id: true, status: true, authorId: true } });
  }

  insert(row: NewReleaseRow, tx: Transaction): Promise<Release> {
    return tx.manager.save(tx.manager.create(Release, row));
  }

  async update(id: number, changes: ReleaseChanges): Promise<void> {
    await this.releases.update({ id }, changes);
  }

  /**
   * Deletes the row; the foreign keys remove what hangs on it in the same statement (torrent,
   * its snatches, comments: ON DELETE CASCADE in the migrations and the SQLite schema alike).
   */
  async delete(id: number): Promise<void> {
    await this.releases.delete({ id });
  }
}
