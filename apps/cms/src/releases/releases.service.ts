import { Injectable } from '@nestjs/common';
import { isClientError } from '@tracker/core';
import { CategoriesService } from '../categories/categories.service.js';
import { slugify } from '../categories/slugify.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { forbidden, invalid, notFound } from '../errors/domain-error.js';
import { SiteInfo } from '../torrents/site-info.js';
import { type PreparedTorrent, TorrentCodec } from '../torrents/torrent-codec.js';
import { TorrentsRepository } from '../torrents/torrents.repository.js';
import { DuplicateTorrentError } from './duplicate-torrent.error.js';
import { checkPoster } from './poster.js';
import { canEdit, canUpload, canView, type Viewer } from './release-access.js';
import type { ReleaseFields } from './release-input.js';
import type { Release } from './release.entity.js';
import { type ReleaseChanges, ReleasesRepository } from './releases.repository.js';

export interface ReleaseUpload {
  torrent?: Buffer | undefined;
  poster?: Buffer | undefined;
}

export interface ImportOptions {
  title: string;
  category: string;
  description?: string;
  authorId: number;
  publish: boolean;
}

/**
 * Releases: the upload pipeline (validate, refuse duplicates, rewrite for our site, store in
 * one transaction), edits, publishing and deletion. Every refusal is a DomainError whose
 * message the form shows; nothing is stored unless every check passed.
 */
@Injectable()
export class ReleasesService {
  constructor(
    private readonly releases: ReleasesRepository,
    private readonly torrents: TorrentsRepository,
    private readonly categories: CategoriesService,
    private readonly work: UnitOfWork,
    private readonly codec: TorrentCodec,
    private readonly site: SiteInfo,
  ) {}

  async create(viewer: Viewer, fields: ReleaseFields, upload: ReleaseUpload): Promise<Release> {
    if (!canUpload(viewer)) throw forbidden('Only uploaders and editors can post releases.');
    await this.assertCategory(fields.categoryId);
    const poster = upload.poster?.length ? posterOrThrow(upload.poster) : null;
    if (!upload.torrent?.length) throw invalid('Choose the .torrent file to upload.');
    const prepared = this.prepareTorrent(upload.torrent, await this.site.siteName());
    await this.assertNotOnSite(prepared.infoHash);
    return this.store(viewer.id, fields, prepared, poster);
  }

  /** For the CLI: the category is given by name (or slug) and the author by id. */
  async importTorrent(bytes: Buffer, options: ImportOptions): Promise<Release> {
    const slug = slugify(options.category);
    const category = slug ? await this.categories.findBySlug(slug) : null;
    if (!category) throw invalid(`No category named "${options.category}".`);
    const title = options.title.replace(/\s+/g, ' ').trim();
    if (!title) throw invalid('Give the release a title.');
    const fields = {
      title,
      categoryId: category.id,
      description: options.description ?? '',
      publish: options.publish,
      freeleech: false,
    };
    const prepared = this.prepareTorrent(bytes, await this.site.siteName());
    await this.assertNotOnSite(prepared.infoHash);
    return this.store(options.authorId, fields, prepared, null);
  }

  /** The release if this viewer may see it; a draft is "not found" to everyone else. */
  async getVisible(viewer: Viewer | null, id: number): Promise<Release> {
    const release = await this.releases.withCategoryAndTorrent(id);
    if (!release || !canView(viewer, release)) throw notFound('No such release.');
    return release;
  }

  async getEditable(viewer: Viewer, id: number): Promise<Release> {
    const release = await this.getVisible(viewer, id);
    if (!canEdit(viewer, release)) throw forbidden('You can only edit your own releases.');
    return release;
  }

  async update(viewer: Viewer, id: number, fields: ReleaseFields, poster?: Buffer): Promise<Release> {
    const release = await this.getEditable(viewer, id);
    await this.assertCategory(fields.categoryId);
    const checked = poster?.length ? posterOrThrow(poster) : null;
    const changes: ReleaseChanges = {
      title: fields.title,
      description: fields.description,
      categoryId: fields.categoryId,
      freeleech: fields.freeleech,
      ...(checked ? { poster: checked.bytes, posterMime: checked.mime } : {}),
    };
    await this.releases.update(release.id, changes);
    return this.getVisible(viewer, id);
  }

  async setPublished(viewer: Viewer, id: number, published: boolean): Promise<void> {
    const release = await this.getEditable(viewer, id);
    await this.releases.update(
      id,
      published
        ? { status: 'published', publishedAt: release.publishedAt ?? new Date() }
        : { status: 'draft' },
    );
  }

  /** Deletes the release; its torrent (with the snatches) and comments go with it (foreign keys). */
  async delete(viewer: Viewer, id: number): Promise<void> {
    await this.getEditable(viewer, id);
    await this.releases.delete(id);
  }

  async poster(viewer: Viewer | null, id: number): Promise<{ bytes: Buffer; mime: string } | null> {
    const release = await this.releases.withPoster(id);
    if (!release || !canView(viewer, release) || !release.poster || !release.posterMime) return null;
    return { bytes: Buffer.from(release.poster), mime: release.posterMime };
  }

  private prepareTorrent(bytes: Buffer, source: string): PreparedTorrent {
    try {
      return this.codec.prepare(bytes, source);
    } catch (err) {
      if (isClientError(err)) throw invalid(`This .torrent was refused: ${err.message}`);
      throw err;
    }
  }

  private async assertCategory(categoryId: number): Promise<void> {
    if (!(await this.categories.findById(categoryId))) throw invalid('Choose a category.');
  }

  private async assertNotOnSite(infoHash: string): Promise<void> {
    const existing = await this.torrents.releaseIdOf(infoHash);
    if (existing !== null) throw new DuplicateTorrentError(existing);
  }

  private async store(
    authorId: number,
    fields: ReleaseFields,
    prepared: PreparedTorrent,
    poster: { bytes: Buffer; mime: string } | null,
  ): Promise<Release> {
    try {
      return await this.work.run(async (tx) => {
        const release = await this.releases.insert(
          {
            title: fields.title,
            description: fields.description,
            categoryId: fields.categoryId,
            status: fields.publish ? 'published' : 'draft',
            publishedAt: fields.publish ? new Date() : null,
            freeleech: fields.freeleech,
            authorId,
            poster: poster?.bytes ?? null,
            posterMime: poster?.mime ?? null,
          },
          tx,
        );
        await this.torrents.insert(
          { ...prepared, releaseId: release.id, seeders: 0, leechers: 0, completed: 0 },
          tx,
        );
        return release;
      });
    } catch (err) {
      // Two uploads of the same torrent can race past the check: the unique index decides.
      const existing = await this.torrents.releaseIdOf(prepared.infoHash);
      if (existing !== null) throw new DuplicateTorrentError(existing);
      throw err;
    }
  }
}

function posterOrThrow(bytes: Buffer): { bytes: Buffer; mime: string } {
  const check = checkPoster(bytes);
  if (!check.ok) throw invalid(check.message);
  return { bytes, mime: check.mime };
}
