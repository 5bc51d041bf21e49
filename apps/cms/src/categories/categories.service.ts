import { Injectable } from '@nestjs/common';
import { conflict, invalid, notFound } from '../errors/domain-error.js';
import { CategoriesRepository } from './categories.repository.js';
import type { Category } from './category.entity.js';
import { slugify } from './slugify.js';

const MAX_NAME_CHARS = 64;

@Injectable()
export class CategoriesService {
  /** The navigation shows the categories on every page: cached, dropped on every change. */
  private cached: Promise<Category[]> | undefined;

  constructor(private readonly categories: CategoriesRepository) {}

  list(): Promise<Category[]> {
    return this.categories.listByName();
  }

  listCached(): Promise<Category[]> {
    this.cached ??= this.list().catch((err: unknown) => {
      this.cached = undefined;
      throw err;
    });
    return this.cached;
  }

  /**
   * From the cached list (the navigation's): no query on a category page view. A slug the list
   * does not know is looked up; when another process (the CLI) created it, the list is reloaded.
   */
  async findCachedBySlug(slug: string): Promise<Category | null> {
    const cached = (await this.listCached()).find((category) => category.slug === slug);
    if (cached) return cached;
    const found = await this.findBySlug(slug);
    if (found) this.cached = undefined;
    return found;
  }

  findBySlug(slug: string): Promise<Category | null> {
    return this.categories.findBySlug(slug);
  }

  findById(id: number): Promise<Category | null> {
    return this.categories.findById(id);
  }

  async getById(id: number): Promise<Category> {
    const category = await this.findById(id);
    if (!category) throw notFound('No such category.');
    return category;
  }

  /** Used by the admin page and the CLI (`categories:create`). */
  async create(rawName: string): Promise<Category> {
    const { name, slug } = checkName(rawName);
    await this.assertAvailable(name, slug);
    const saved = await this.categories.insert(name, slug);
    this.cached = undefined;
    return saved;
  }

  async rename(id: number, rawName: string): Promise<Category> {
    const category = await this.getById(id);
    const { name, slug } = checkName(rawName);
    await this.assertAvailable(name, slug, id);
    await this.categories.rename(id, name, slug);
    this.cached = undefined;
    return { ...category, name, slug };
  }

  /** Refuses while any release (draft or published) still belongs to the category. */
  async delete(id: number): Promise<void> {
    const category = await this.getById(id);
    const used = await this.categories.releaseCount(id);
    if (used > 0) {
      throw conflict(
        `"${category.name}" still holds ${used} release${used === 1 ? '' : 's'}; move or delete them first.`,
      );
    }
    await this.categories.delete(id);
    this.cached = undefined;
  }

  private async assertAvailable(name: string, slug: string, exceptId?: number): Promise<void> {
    const clash = (await this.categories.withNameOrSlug(name, slug)).find((c) => c.id !== exceptId);
    if (clash) throw conflict(`A category named "${clash.name}" already exists.`);
  }
}

function checkName(raw: string): { name: string; slug: string } {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name) throw invalid('Give the category a name.');
  if ([...name].length > MAX_NAME_CHARS)
    throw invalid(`A category name has at most ${MAX_NAME_CHARS} characters.`);
  const slug = slugify(name);
  if (!slug) throw invalid('A category name needs at least one letter or digit (A-Z, 0-9).');
  return { name, slug };
}
