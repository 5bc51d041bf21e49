import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ClientError } from '@tracker/core';
import type { DataSource, Repository } from 'typeorm';
import type { Category } from '../categories/category.entity.js';
import { DomainError } from '../errors/domain-error.js';
import type { SiteInfo } from '../torrents/site-info.js';
import type { PreparedTorrent, TorrentCodec } from '../torrents/torrent-codec.js';
import type { Torrent } from '../torrents/torrent.entity.js';
import { DuplicateTorrentError } from './duplicate-torrent.error.js';
import type { ReleaseFields } from './release-input.js';
import type { Release } from './release.entity.js';
import { ReleasesService } from './releases.service.js';

const prepared: PreparedTorrent = {
  canonical: Buffer.from('d4:infod4:name1:aee'),
  infoHash: 'a'.repeat(40),
  infoHashV2: null,
  name: 'a',
  size: 10,
  pieceLength: 16384,
  fileCount: 1,
  files: [{ path: 'a', length: 10 }],
};
const fields: ReleaseFields = {
  title: 'T',
  categoryId: 1,
  description: 'd',
  publish: true,
  freeleech: false,
};
const uploader = { id: 7, role: 'uploader' as const };

function setup(opts: { existingHash?: boolean; release?: Partial<Release> } = {}) {
  const saved: unknown[] = [];
  const em = {
    create: jest.fn((_cls: unknown, v: object) => v),
    save: jest.fn(async (v: object) => {
      saved.push(v);
      return { id: 41, ...v };
    }),
    delete: jest.fn(async () => ({})),
    // The SQLite path of insertTorrentRow: one em.save per row.
    connection: { options: { type: 'better-sqlite3' } },
  };
  const dataSource = { transaction: jest.fn(async (fn: (m: typeof em) => unknown) => fn(em)) };
  const found = async () => (opts.release ? { id: 5, ...opts.release } : null);
  const query = {
    leftJoinAndSelect: () => query,
    where: () => query,
    getOne: found,
  };
  const releases = {
    findOne: jest.fn(found),
    createQueryBuilder: () => query,
    update: jest.fn(async (_where: object, _changes: object) => ({})),
  };
  const torrents = {
    findOne: jest.fn(async () => (opts.existingHash ? { id: 1, releaseId: 3 } : null)),
  };
  const categories = {
    exists: jest.fn(async () => true),
    findOneBy: jest.fn(async () => ({ id: 1, name: 'Music', slug: 'music' })),
  };
  const codec = { prepare: jest.fn((_bytes: Buffer, _source: string): PreparedTorrent => prepared) };
  const site = { siteName: async () => 'MySite', announceBaseUrl: async () => 'http://t' };
  const service = new ReleasesService(
    releases as unknown as Repository<Release>,
    torrents as unknown as Repository<Torrent>,
    categories as unknown as Repository<Category>,
    dataSource as unknown as DataSource,
    codec as unknown as TorrentCodec,
    site as SiteInfo,
  );
  return { service, saved, em, dataSource, releases, codec, categories };
}

describe('ReleasesService.create', () => {
  let ctx: ReturnType<typeof setup>;
  beforeEach(() => {
    ctx = setup();
  });

  it('stores the release and its rewritten torrent in one transaction', async () => {
    const release = await ctx.service.create(uploader, fields, { torrent: Buffer.from('x') });
    expect(release.id).toBe(41);
    expect(ctx.codec.prepare).toHaveBeenCalledWith(Buffer.from('x'), 'MySite');
    expect(ctx.dataSource.transaction).toHaveBeenCalledTimes(1);
    expect(ctx.saved).toEqual([
      expect.objectContaining({
        title: 'T',
        status: 'published',
        authorId: 7,
        publishedAt: expect.any(Date),
      }),
      expect.objectContaining({
        infoHash: prepared.infoHash,
        releaseId: 41,
        canonical: prepared.canonical,
        seeders: 0,
      }),
    ]);
  });

  it('keeps an unpublished release as a draft', async () => {
    await ctx.service.create(uploader, { ...fields, publish: false }, { torrent: Buffer.from('x') });
    expect(ctx.saved[0]).toMatchObject({ status: 'draft', publishedAt: null });
  });

  it('refuses plain users', async () => {
    await expect(
      ctx.service.create({ id: 1, role: 'user' }, fields, { torrent: Buffer.from('x') }),
    ).rejects.toMatchObject({
      kind: 'forbidden',
    });
    expect(ctx.saved).toEqual([]);
  });

  it('refuses a missing torrent file', async () => {
    await expect(ctx.service.create(uploader, fields, {})).rejects.toEqual(
      new DomainError('invalid', 'Choose the .torrent file to upload.'),
    );
  });

  it('turns a metainfo refusal into a form message and stores nothing', async () => {
    ctx.codec.prepare.mockImplementation(() => {
      throw new ClientError('v2-only torrents are not supported');
    });
    await expect(ctx.service.create(uploader, fields, { torrent: Buffer.from('x') })).rejects.toEqual(
      new DomainError('invalid', 'This .torrent was refused: v2-only torrents are not supported'),
    );
    expect(ctx.dataSource.transaction).not.toHaveBeenCalled();
  });

  it('lets an internal fault of the codec through unchanged', async () => {
    ctx.codec.prepare.mockImplementation(() => {
      throw new TypeError('bug');
    });
    await expect(ctx.service.create(uploader, fields, { torrent: Buffer.from('x') })).rejects.toThrow(
      TypeError,
    );
  });

  it('refuses a duplicate and names the existing release', async () => {
    ctx = setup({ existingHash: true });
    const err = await ctx.service
      .create(uploader, fields, { torrent: Buffer.from('x') })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateTorrentError);
    expect(err).toMatchObject({ kind: 'conflict', releaseId: 3 });
    expect(ctx.dataSource.transaction).not.toHaveBeenCalled();
  });

  it('refuses an unknown category', async () => {
    ctx.categories.exists.mockResolvedValue(false);
    await expect(ctx.service.create(uploader, fields, { torrent: Buffer.from('x') })).rejects.toEqual(
      new DomainError('invalid', 'Choose a category.'),
    );
  });

  it('refuses a poster that is not an image before touching the torrent', async () => {
    await expect(
      ctx.service.create(uploader, fields, { torrent: Buffer.from('x'), poster: Buffer.from('<svg/>') }),
    ).rejects.toMatchObject({ kind: 'invalid' });
    expect(ctx.codec.prepare).not.toHaveBeenCalled();
  });
});

describe('ReleasesService visibility and editing', () => {
  it('hides a draft from other users as not found', async () => {
    const { service } = setup({ release: { status: 'draft', authorId: 7 } });
    await expect(service.getVisible({ id: 8, role: 'user' }, 5)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(service.getVisible(null, 5)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(service.getVisible(uploader, 5)).resolves.toMatchObject({ id: 5 });
  });

  it('forbids an uploader to publish somebody else’s release', async () => {
    const { service, releases } = setup({ release: { status: 'published', authorId: 9 } });
    await expect(service.setPublished(uploader, 5, false)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(releases.update).not.toHaveBeenCalled();
  });

  it('sets publishedAt the first time a draft is published', async () => {
    const { service, releases } = setup({ release: { status: 'draft', authorId: 7, publishedAt: null } });
    await service.setPublished(uploader, 5, true);
    expect(releases.update).toHaveBeenCalledWith(
      { id: 5 },
      { status: 'published', publishedAt: expect.any(Date) },
    );
  });

  it('imports for the CLI by category name', async () => {
    const { service, saved } = setup();
    await service.importTorrent(Buffer.from('x'), {
      title: ' A ',
      category: 'Music',
      authorId: 1,
      publish: true,
    });
    expect(saved[0]).toMatchObject({ title: 'A', categoryId: 1, authorId: 1, status: 'published' });
  });
});
