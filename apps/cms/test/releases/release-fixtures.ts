import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Category } from '../../src/categories/category.entity.js';
import { Release, type ReleaseStatus } from '../../src/releases/release.entity.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';

/** Inserts a category (by name) if missing and returns it. */
export async function ensureCategory(ds: DataSource, name: string): Promise<Category> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const repo = ds.getRepository(Category);
  return (await repo.findOneBy({ slug })) ?? repo.save(repo.create({ name, slug }));
}

export interface SeedRelease {
  title: string;
  description?: string;
  category: Category;
  status?: ReleaseStatus;
  authorId?: number;
  size?: number;
  seeders?: number;
  leechers?: number;
  completed?: number;
  publishedAt?: Date;
}

/** Inserts a release with a stand-in torrent row (random hash, no real bytes) for list tests. */
export async function insertRelease(ds: DataSource, r: SeedRelease): Promise<Release> {
  const status = r.status ?? 'published';
  const release = await ds.getRepository(Release).save(
    ds.getRepository(Release).create({
      title: r.title,
      description: r.description ?? '',
      categoryId: r.category.id,
      status,
      authorId: r.authorId ?? 1,
      publishedAt: status === 'published' ? (r.publishedAt ?? new Date()) : null,
      freeleech: false,
      posterMime: null,
    }),
  );
  await ds.getRepository(Torrent).save(
    ds.getRepository(Torrent).create({
      releaseId: release.id,
      infoHash: randomBytes(20).toString('hex'),
      infoHashV2: null,
      name: r.title.slice(0, 200),
      size: r.size ?? 1000,
      pieceLength: 16384,
      fileCount: 1,
      files: [{ path: 'file.bin', length: r.size ?? 1000 }],
      canonical: Buffer.from('de'),
      seeders: r.seeders ?? 0,
      leechers: r.leechers ?? 0,
      completed: r.completed ?? 0,
    }),
  );
  return release;
}

/** Inserts `count` published releases with their torrents in a few multi-row INSERTs. */
export async function insertManyReleases(
  ds: DataSource,
  category: Category,
  count: number,
  title: (i: number) => string,
): Promise<void> {
  for (let start = 0; start < count; start += 200) {
    const n = Math.min(200, count - start);
    const rows = Array.from({ length: n }, (_, k) => ({
      title: title(start + k),
      description: '',
      categoryId: category.id,
      status: 'published' as const,
      authorId: 1,
      publishedAt: new Date(),
      freeleech: false,
      posterMime: null,
    }));
    const inserted = await ds.getRepository(Release).insert(rows);
    await ds.getRepository(Torrent).insert(
      inserted.identifiers.map((id, k) => ({
        releaseId: Number(id['id']),
        infoHash: randomBytes(20).toString('hex'),
        infoHashV2: null,
        name: title(start + k).slice(0, 200),
        size: 1000,
        pieceLength: 16384,
        fileCount: 1,
        files: [],
        canonical: Buffer.from('de'),
        seeders: k % 7,
        leechers: 0,
        completed: 0,
      })),
    );
  }
}
