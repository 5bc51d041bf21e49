import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Repository } from 'typeorm';
import { DomainError } from '../errors/domain-error.js';
import type { Release } from '../releases/release.entity.js';
import { CategoriesService } from './categories.service.js';
import type { Category } from './category.entity.js';
import { slugify } from './slugify.js';

function fakeRepos(existing: Category[], releaseCount = 0) {
  const categories = {
    find: jest.fn(async () => existing),
    findOneBy: jest.fn(async (where: Partial<Category>) => existing.find((c) => c.id === where.id) ?? null),
    create: jest.fn((c: Partial<Category>) => c),
    save: jest.fn(async (c: Partial<Category>) => ({ id: 99, ...c })),
    delete: jest.fn(async (_where: object) => ({ affected: 1 })),
  };
  const releases = { count: jest.fn(async () => releaseCount) };
  const service = new CategoriesService(
    categories as unknown as Repository<Category>,
    releases as unknown as Repository<Release>,
  );
  return { categories, releases, service };
}

const music = { id: 1, name: 'Music', slug: 'music', createdAt: new Date() };

describe('slugify', () => {
  it('makes URL-safe slugs', () => {
    expect(slugify('  Linux ISOs & Tools ')).toBe('linux-isos-tools');
    expect(slugify('Café Música')).toBe('cafe-musica');
    expect(slugify('Музыка')).toBe('');
  });
});

describe('CategoriesService', () => {
  let repos: ReturnType<typeof fakeRepos>;
  beforeEach(() => {
    repos = fakeRepos([music]);
  });

  it('finds a category page’s category in the cached list, without a query', async () => {
    await repos.service.listCached();
    const queries = repos.categories.find.mock.calls.length + repos.categories.findOneBy.mock.calls.length;
    expect(await repos.service.findCachedBySlug('music')).toEqual(music);
    expect(repos.categories.find.mock.calls.length + repos.categories.findOneBy.mock.calls.length).toBe(
      queries,
    );
  });

  it('looks up a slug the cached list does not know, and reloads the list when it exists', async () => {
    const existing: Category[] = [music];
    const fake = fakeRepos(existing);
    fake.categories.find.mockImplementation(async () => [...existing]);
    fake.categories.findOneBy.mockImplementation(
      async (where: Partial<Category>) => existing.find((c) => c.slug === where.slug) ?? null,
    );
    await fake.service.listCached();
    expect(await fake.service.findCachedBySlug('linux')).toBeNull();
    // Created by another process (the CLI): found, and the navigation's list is read again.
    const linux = { id: 2, name: 'Linux', slug: 'linux', createdAt: new Date() };
    existing.push(linux);
    expect(await fake.service.findCachedBySlug('linux')).toEqual(linux);
    expect(await fake.service.listCached()).toContainEqual(linux);
    expect(fake.categories.find).toHaveBeenCalledTimes(2);
  });

  it('creates a category with its slug', async () => {
    repos = fakeRepos([]);
    await expect(repos.service.create(' Linux  ISOs ')).resolves.toMatchObject({
      name: 'Linux ISOs',
      slug: 'linux-isos',
    });
  });

  it('refuses a name already taken', async () => {
    await expect(repos.service.create('music')).rejects.toEqual(
      new DomainError('conflict', 'A category named "Music" already exists.'),
    );
    expect(repos.categories.save).not.toHaveBeenCalled();
  });

  it('refuses empty and slug-less names', async () => {
    await expect(repos.service.create('  ')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(repos.service.create('★★★')).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('renames, allowing the category to keep its own name', async () => {
    await expect(repos.service.rename(1, 'Music')).resolves.toMatchObject({ name: 'Music', slug: 'music' });
  });

  it('deletes only an empty category', async () => {
    repos = fakeRepos([music], 2);
    await expect(repos.service.delete(1)).rejects.toEqual(
      new DomainError('conflict', '"Music" still holds 2 releases; move or delete them first.'),
    );
    expect(repos.categories.delete).not.toHaveBeenCalled();
    repos = fakeRepos([music], 0);
    await repos.service.delete(1);
    expect(repos.categories.delete).toHaveBeenCalledWith({ id: 1 });
  });

  it('answers not-found for an unknown id', async () => {
    await expect(repos.service.delete(42)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
