import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ClientError } from '@tracker/core';
import type { DataSource } from 'typeorm';
import { CategoriesRepository } from '../categories/categories.repository.js';
import { CategoriesService } from '../categories/categories.service.js';
import { Category } from '../categories/category.entity.js';
import { Comment } from '../comments/comment.entity.js';
import { sqlReaderFor } from '../database/sql-reader.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DomainError } from '../errors/domain-error.js';
import { memoryDatabase } from '../testing/memory-database.js';
import type { SiteInfo } from '../torrents/site-info.js';
import { Snatch } from '../torrents/snatch.entity.js';
import type { PreparedTorrent, TorrentCodec } from '../torrents/torrent-codec.js';
import { Torrent } from '../torrents/torrent.entity.js';
import { TorrentsRepository } from '../torrents/torrents.repository.js';
import { DuplicateTorrentError } from './duplicate-torrent.error.js';
import type { ReleaseFields } from './release-input.js';
import { Release } from './release.entity.js';
import { ReleasesRepository } from './releases.repository.js';
import { ReleasesService } from './releases.service.js';

let hashes = 0;
/** A prepared torrent with an info hash no other test used. */
function prepared(): PreparedTorrent {
  const infoHash = (++hashes).toString(16).padStart(40, '0');
  return {
    canonical: Buffer.from(`d4:infod4:name1:${hashes % 10}ee`),
    infoHash,
    infoHashV2: null,
    name: 'a',
    size: 10,
    pieceLength: 16384,
    fileCount: 1,
    files: [{ path: 'a', length: 10 }],
  };
}

const uploader = { id: 7, role: 'uploader' as const };
const torrentFile = { torrent: Buffer.from('x') };

/** Answers "not on the site yet" once, as when a second upload of one torrent races the first. */
class RacedTorrents extends TorrentsRepository {
  raced = false;
  override async releaseIdOf(infoHash: string): Promise<number | null> {
    if (this.raced) return super.releaseIdOf(infoHash);
    this.raced = true;
    return null;
  }
}

describe('ReleasesService (in-memory SQLite)', () => {
  let dataSource: DataSource;
  let categoryId: number;
  let fields: ReleaseFields;
  let codec: { prepare: jest.Mock<(bytes: Buffer, source: string) => PreparedTorrent> };

  const lastPrepared = () => codec.prepare.mock.results.at(-1)?.value as PreparedTorrent;
  const rows = () => ({
    releases: dataSource.getRepository(Release),
    torrents: dataSource.getRepository(Torrent),
  });

  function service(torrents = new TorrentsRepository(rows().torrents, sqlReaderFor(dataSource))) {
    const categories = new CategoriesService(
      new CategoriesRepository(dataSource.getRepository(Category), sqlReaderFor(dataSource)),
    );
    const site = { siteName: async () => 'MySite' } as SiteInfo;
    return new ReleasesService(
      new ReleasesRepository(rows().releases),
      torrents,
      categories,
      new UnitOfWork(dataSource),
      codec as unknown as TorrentCodec,
      site,
    );
  }

  beforeAll(async () => {
    dataSource = await memoryDatabase();
    categoryId = (await dataSource.getRepository(Category).save({ name: 'Music', slug: 'music' })).id;
    fields = { title: 'T', categoryId, description: 'd', publish: true, freeleech: false };
  });

  beforeEach(() => {
    codec = { prepare: jest.fn((_bytes: Buffer, _source: string) => prepared()) };
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  describe('create', () => {
    it('stores the release and its rewritten torrent', async () => {
      const release = await service().create(uploader, fields, torrentFile);
      expect(codec.prepare).toHaveBeenCalledWith(Buffer.from('x'), 'MySite');
      const value = lastPrepared();
      expect(await rows().releases.findOneByOrFail({ id: release.id })).toMatchObject({
        title: 'T',
        status: 'published',
        authorId: 7,
        publishedAt: expect.any(Date),
      });
      const torrent = await rows().torrents.findOneOrFail({
        where: { releaseId: release.id },
        select: { id: true, infoHash: true, canonical: true, seeders: true, files: true },
      });
      expect(torrent).toMatchObject({ infoHash: value.infoHash, seeders: 0, files: value.files });
      expect(Buffer.from(torrent.canonical)).toEqual(value.canonical);
    });

    it('keeps an unpublished release as a draft', async () => {
      const release = await service().create(uploader, { ...fields, publish: false }, torrentFile);
      expect(await rows().releases.findOneByOrFail({ id: release.id })).toMatchObject({
        status: 'draft',
        publishedAt: null,
      });
    });

    it('refuses plain users', async () => {
      await expect(service().create({ id: 1, role: 'user' }, fields, torrentFile)).rejects.toMatchObject({
        kind: 'forbidden',
      });
      expect(codec.prepare).not.toHaveBeenCalled();
    });

    it('refuses a missing torrent file', async () => {
      await expect(service().create(uploader, fields, {})).rejects.toEqual(
        new DomainError('invalid', 'Choose the .torrent file to upload.'),
      );
    });

    it('turns a metainfo refusal into a form message and stores nothing', async () => {
      const before = await rows().releases.count();
      codec.prepare.mockImplementation(() => {
        throw new ClientError('v2-only torrents are not supported');
      });
      await expect(service().create(uploader, fields, torrentFile)).rejects.toEqual(
        new DomainError('invalid', 'This .torrent was refused: v2-only torrents are not supported'),
      );
      expect(await rows().releases.count()).toBe(before);
    });

    it('lets an internal fault of the codec through unchanged', async () => {
      codec.prepare.mockImplementation(() => {
        throw new TypeError('bug');
      });
      await expect(service().create(uploader, fields, torrentFile)).rejects.toThrow(TypeError);
    });

    it('refuses a duplicate and names the existing release', async () => {
      const first = await service().create(uploader, fields, torrentFile);
      const value = lastPrepared();
      codec.prepare.mockImplementation(() => value);
      const before = await rows().releases.count();
      const err = await service()
        .create(uploader, fields, torrentFile)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DuplicateTorrentError);
      expect(err).toMatchObject({ kind: 'conflict', releaseId: first.id });
      expect(await rows().releases.count()).toBe(before);
    });

    it('rolls the release back when a racing upload of the same torrent won, and names it', async () => {
      const first = await service().create(uploader, fields, torrentFile);
      const value = lastPrepared();
      codec.prepare.mockImplementation(() => value);
      const before = await rows().releases.count();
      const raced = new RacedTorrents(rows().torrents, sqlReaderFor(dataSource));
      const err = await service(raced)
        .create(uploader, { ...fields, title: 'Second' }, torrentFile)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'conflict', releaseId: first.id });
      expect(await rows().releases.count()).toBe(before);
      expect(await rows().releases.countBy({ title: 'Second' })).toBe(0);
    });

    it('refuses an unknown category', async () => {
      await expect(service().create(uploader, { ...fields, categoryId: 999 }, torrentFile)).rejects.toEqual(
        new DomainError('invalid', 'Choose a category.'),
      );
    });

    it('refuses a poster that is not an image before touching the torrent', async () => {
      await expect(
        service().create(uploader, fields, { torrent: Buffer.from('x'), poster: Buffer.from('<svg/>') }),
      ).rejects.toMatchObject({ kind: 'invalid' });
      expect(codec.prepare).not.toHaveBeenCalled();
    });
  });

  describe('visibility and editing', () => {
    it('hides a draft from other users as not found', async () => {
      const draft = await service().create(uploader, { ...fields, publish: false }, torrentFile);
      await expect(service().getVisible({ id: 8, role: 'user' }, draft.id)).rejects.toMatchObject({
        kind: 'not-found',
      });
      await expect(service().getVisible(null, draft.id)).rejects.toMatchObject({ kind: 'not-found' });
      await expect(service().getVisible(uploader, draft.id)).resolves.toMatchObject({
        id: draft.id,
        category: { slug: 'music' },
        torrent: { releaseId: draft.id },
      });
    });

    it('forbids an uploader to publish somebody else’s release', async () => {
      const theirs = await service().create({ id: 9, role: 'uploader' }, fields, torrentFile);
      await expect(service().setPublished(uploader, theirs.id, false)).rejects.toMatchObject({
        kind: 'forbidden',
      });
      expect(await rows().releases.findOneByOrFail({ id: theirs.id })).toMatchObject({ status: 'published' });
    });

    it('sets publishedAt the first time a draft is published, and keeps it after', async () => {
      const draft = await service().create(uploader, { ...fields, publish: false }, torrentFile);
      await service().setPublished(uploader, draft.id, true);
      const { publishedAt } = await rows().releases.findOneByOrFail({ id: draft.id });
      expect(publishedAt).toEqual(expect.any(Date));
      await service().setPublished(uploader, draft.id, false);
      await service().setPublished(uploader, draft.id, true);
      expect(await rows().releases.findOneByOrFail({ id: draft.id })).toMatchObject({ publishedAt });
    });

    it('imports for the CLI by category name', async () => {
      const release = await service().importTorrent(Buffer.from('x'), {
        title: ' A ',
        category: 'Music',
        authorId: 1,
        publish: true,
      });
      expect(await rows().releases.findOneByOrFail({ id: release.id })).toMatchObject({
        title: 'A',
        categoryId,
        authorId: 1,
        status: 'published',
      });
    });

    it('deletes a release with its torrent, its snatches and its comments', async () => {
      const release = await service().create(uploader, fields, torrentFile);
      const torrent = await rows().torrents.findOneByOrFail({ releaseId: release.id });
      await dataSource.getRepository(Comment).insert({ releaseId: release.id, authorId: 8, body: 'hi' });
      await dataSource.getRepository(Snatch).insert({ userId: 8, torrentId: torrent.id });
      await service().delete(uploader, release.id);
      expect(await rows().releases.countBy({ id: release.id })).toBe(0);
      expect(await rows().torrents.countBy({ releaseId: release.id })).toBe(0);
      expect(await dataSource.getRepository(Comment).countBy({ releaseId: release.id })).toBe(0);
      expect(await dataSource.getRepository(Snatch).countBy({ torrentId: torrent.id })).toBe(0);
    });
  });
});
