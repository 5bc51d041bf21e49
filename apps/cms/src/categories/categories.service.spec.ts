import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { sqlReaderFor } from '../database/sql-reader.js';
import { DomainError } from '../errors/domain-error.js';
import { Release } from '../releases/release.entity.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { CategoriesRepository } from './categories.repository.js';
import { CategoriesService } from './categories.service.js';
import { Category } from './category.entity.js';
import { slugify } from './slugify.js';

describe('slugify', () => {
  it('makes URL-safe slugs', () => {
    expect(slugify('  Linux ISOs & Tools ')).toBe('linux-isos-tools');
    expect(slugify('Café Música')).toBe('cafe-musica');
    expect(slugify('Музыка')).toBe('');
  });
});

describe('CategoriesService (in-memory SQLite)', () => {
  let dataSource: DataSource;
  let service: CategoriesService;

  beforeAll(async () => {
    dataSource = await memoryDatabase();
  });

  beforeEach(async () => {
    await dataSource.getRepository(Release).clear();
    await dataSource.getRepository(Category).clear();
    // A new service per test: each starts with an empty navigation cache.
    service = new CategoriesService(
      new CategoriesRepository(dataSource.getRepository(Category), sqlReaderFor(dataSource)),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  /** Another process (the CLI) writing the table behind this service's back. */
  const elsewhere = () => dataSource.getRepository(Category);

  it('finds a category page’s category in the cached list, without a query', async () => {
    const music = await service.create('Music');
    await service.listCached();
    await elsewhere().delete({ id: music.id });
    expect(await service.findCachedBySlug('music')).toMatchObject({ id: music.id, name: 'Music' });
  });

  it('looks up a slug the cached list does not know, and reloads the list when it exists', async () => {
    await service.create('Music');
    await service.listCached();
    expect(await service.findCachedBySlug('linux')).toBeNull();
    await elsewhere().insert({ name: 'Linux', slug: 'linux' });
    expect(await service.findCachedBySlug('linux')).toMatchObject({ name: 'Linux' });
    expect((await service.listCached()).map((c) => c.slug)).toEqual(['linux', 'music']);
  });

  it('creates a category with its slug', async () => {
    await expect(service.create(' Linux  ISOs ')).resolves.toMatchObject({
      name: 'Linux ISOs',
      slug: 'linux-isos',
    });
    expect(await elsewhere().findOneBy({ slug: 'linux-isos' })).toMatchObject({ name: 'Linux ISOs' });
  });

  it('refuses a name already taken, whatever its case', async () => {
    await service.create('Music');
    await expect(service.create('music')).rejects.toEqual(
      new DomainError('conflict', 'A category named "Music" already exists.'),
    );
    expect(await elsewhere().count()).toBe(1);
  });

  it('refuses empty and slug-less names', async () => {
    await expect(service.create('  ')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(service.create('★★★')).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('renames, allowing the category to keep its own name', async () => {
    const music = await service.create('Music');
    await expect(service.rename(music.id, 'Music')).resolves.toMatchObject({ name: 'Music', slug: 'music' });
    await service.rename(music.id, 'Old Music');
    expect(await elsewhere().findOneBy({ id: music.id })).toMatchObject({ slug: 'old-music' });
  });

  it('deletes only an empty category', async () => {
    const music = await service.create('Music');
    const release = { description: '', status: 'draft' as const, authorId: 1, publishedAt: null };
    await dataSource.getRepository(Release).insert([
      { ...release, title: 'A', categoryId: music.id },
      { ...release, title: 'B', categoryId: music.id },
    ]);
    await expect(service.delete(music.id)).rejects.toEqual(
      new DomainError('conflict', '"Music" still holds 2 releases; move or delete them first.'),
    );
    expect(await elsewhere().count()).toBe(1);
    await dataSource.getRepository(Release).clear();
    await service.delete(music.id);
    expect(await elsewhere().count()).toBe(0);
  });

  it('answers not-found for an unknown id', async () => {
    await expect(service.delete(42)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
