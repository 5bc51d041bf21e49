import { Controller, Get, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireLogin, RequireRole } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { CategoriesService } from '../categories/categories.service.js';
import { CommentsService } from '../comments/comments.service.js';
import { DomainError, notFound } from '../errors/domain-error.js';
import { renderFormError, renderPage } from '../http/render.js';
import { LiveCountsService } from '../swarm-counts/live-counts.service.js';
import { TorrentsService } from '../torrents/torrents.service.js';
import type { User } from '../users/user.entity.js';
import { DuplicateTorrentError } from './duplicate-torrent.error.js';
import { readReleaseUpload, type ReleaseUploadForm } from './read-release-upload.js';
import { parseReleaseFields } from './release-input.js';
import { canView } from './release-access.js';
import { ReleaseDetailRepository } from './release-detail.repository.js';
import { ReleaseSnatchesService } from './release-snatches.service.js';
import { releasePageView } from './release-page.js';
import { ReleasesService } from './releases.service.js';
import { sendTorrent } from '../torrents/send-torrent.js';

const FORM_VIEW = 'pages/releases/form';

/** Release pages: the upload form, the release page, editing, publishing, poster and download. */
@Controller('releases')
export class ReleasesController {
  constructor(
    private readonly releases: ReleasesService,
    private readonly torrents: TorrentsService,
    private readonly categories: CategoriesService,
    private readonly comments: CommentsService,
    private readonly liveCounts: LiveCountsService,
    private readonly snatches: ReleaseSnatchesService,
    private readonly details: ReleaseDetailRepository,
  ) {}

  @Get('new')
  @RequireRole('uploader')
  async newPage(@Res() res: Response): Promise<void> {
    renderPage(
      res,
      FORM_VIEW,
      await this.formLocals({ title: 'New release', action: '/releases', isNew: true }),
    );
  }

  @Post()
  @RequireRole('uploader')
  async create(@CurrentUser() user: User, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locals = { title: 'New release', action: '/releases', isNew: true };
    await this.submitForm(req, res, locals, async (upload) => {
      const release = await this.releases.create(user, parseReleaseFields(upload.body), upload);
      return `/releases/${release.id}`;
    });
  }

  @Get(':id')
  async show(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const viewer = user ?? null;
    // The release and its comments at once (two pool connections); a release this viewer may
    // not see is "not found" and its comments are dropped unread.
    const [release, comments] = await Promise.all([
      this.details.find(id),
      this.comments.listForRelease(viewer, id),
    ]);
    if (!release || !canView(viewer, release)) throw notFound('No such release.');
    const torrent = release.torrent;
    const [live, snatches] = torrent
      ? await Promise.all([this.liveCounts.read([torrent.infoHash]), this.snatches.list(torrent.id)])
      : [null, []];
    renderPage(res, 'pages/releases/show', {
      title: release.title,
      ...releasePageView(viewer, release, torrent ? this.torrents.magnet(torrent) : '', comments, {
        live: (torrent && live?.get(torrent.infoHash)) ?? null,
        snatches,
      }),
    });
  }

  @Get(':id/edit')
  @RequireLogin()
  async editPage(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const release = await this.releases.getEditable(user, id);
    const form = {
      title: release.title,
      category: release.categoryId,
      description: release.description,
      freeleech: release.freeleech,
    };
    renderPage(
      res,
      FORM_VIEW,
      await this.formLocals({ title: `Edit: ${release.title}`, action: `/releases/${id}/edit`, form, id }),
    );
  }

  @Post(':id/edit')
  @RequireLogin()
  async edit(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const locals = { title: 'Edit release', action: `/releases/${id}/edit`, id };
    await this.submitForm(req, res, locals, async (upload) => {
      await this.releases.update(user, id, parseReleaseFields(upload.body), upload.poster);
      return `/releases/${id}`;
    });
  }

  @Post(':id/publish')
  @RequireLogin()
  async publish(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    await this.releases.setPublished(user, id, true);
    res.redirect(303, `/releases/${id}`);
  }

  @Post(':id/unpublish')
  @RequireLogin()
  async unpublish(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    await this.releases.setPublished(user, id, false);
    res.redirect(303, `/releases/${id}`);
  }

  @Post(':id/delete')
  @RequireLogin()
  async delete(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    await this.releases.delete(user, id);
    res.redirect(303, '/');
  }

  @Get(':id/poster')
  async poster(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const poster = await this.releases.poster(user ?? null, id);
    if (!poster) return void res.status(404).type('text/plain').send('No poster.');
    res
      .type(poster.mime)
      .set({ 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' })
      .send(poster.bytes);
  }

  /** The .torrent with this user's passkey in its announce URL; visitors are sent to log in. */
  @Get(':id/download')
  @RequireLogin()
  async download(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const download = await this.torrents.downloadFor(user, id);
    sendTorrent(res, download);
  }

  private async formLocals(locals: Record<string, unknown>): Promise<Record<string, unknown>> {
    return { form: {}, ...locals, categories: await this.categories.listCached() };
  }

  /**
   * Reads the multipart form, saves it and goes to the page `save` returns. A client-safe
   * refusal (an unreadable upload, a bad field, a duplicate torrent) re-renders the form.
   */
  private async submitForm(
    req: Request,
    res: Response,
    locals: Record<string, unknown>,
    save: (upload: ReleaseUploadForm) => Promise<string>,
  ): Promise<void> {
    let form: Record<string, unknown> = {};
    try {
      const upload = await readReleaseUpload(req, res);
      form = upload.body;
      if (upload.refusal) throw upload.refusal;
      res.redirect(303, await save(upload));
    } catch (err) {
      await this.renderRefusal(res, locals, form, err);
    }
  }

  /** Re-renders the form with what was typed (never the files) and the refusal's message. */
  private async renderRefusal(
    res: Response,
    locals: Record<string, unknown>,
    body: Record<string, unknown>,
    err: unknown,
  ): Promise<void> {
    if (!(err instanceof DomainError)) throw err;
    const form = {
      title: body['title'],
      category: Number(body['category']) || null,
      description: body['description'],
      publish: !!body['publish'],
      freeleech: !!body['freeleech'],
    };
    const duplicateOf = err instanceof DuplicateTorrentError ? err.releaseId : null;
    renderFormError(res, FORM_VIEW, await this.formLocals({ ...locals, form, duplicateOf }), err);
  }
}
