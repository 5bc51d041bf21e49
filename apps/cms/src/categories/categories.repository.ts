import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SqlReader } from '../database/sql-reader.js';
import { toNumber } from '../database/sql-values.js';
import { Category } from './category.entity.js';

/** The `category` table, and how many releases point at a row of it. */
@Injectable()
export class CategoriesRepository {
  constructor(
    @InjectRepository(Category) private readonly categories: Repository<Category>,
    private readonly sql: SqlReader,
  ) {}

  listByName(): Promise<Category[]> {
    return this.categories.find({ order: { name: 'ASC' } });
  }

  findBySlug(slug: string): Promise<Category | null> {
    return this.categories.findOneBy({ slug });
  }

  findById(id: number): Promise<Category | null> {
    return this.categories.findOneBy({ id });
  }

  /** The categories holding this name or this slug (at most two). */
  withNameOrSlug(name: string, slug: string): Promise<Category[]> {
    return this.categories.find({ where: [{ name }, { slug }] });
  }

  insert(name: string, slug: string): Promise<Category> {
    return this.categories.save(this.categories.create({ name, slug }));
  }

  async rename(id: number, name: string, slug: string): Promise<void> {
    await this.categories.update({ id }, { name, slug });
  }

  async delete(id: number): Promise<void> {
    await this.categories.delete({ id });
  }

  /**
   * Releases (drafts too) in the category. Read by SQL, so that categories need not know the
   * release entity: the foreign key from release.categoryId (ON DELETE RESTRICT) is the link.
   */
  async releaseCount(id: number): Promise<number> {
    const [row] = await this.sql.rows<{ n: unknown }>(
      'SELECT COUNT(*) AS n FROM `release` WHERE categoryId = ?',
      [id],
    );
    return toNumber(row?.n);
  }
}
