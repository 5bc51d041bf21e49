import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireLogin, RequireRole } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { CategoriesService } from '../categories/categories.service.js';
import { CommentsService } from '../comments/comments.service.js';
import { DomainError, notFound } from '../errors/domain-error.js';
import { redirectWithFlash } from '../flash/flash.js';
import { renderFormErrors } from '../forms/form-errors.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';
import { renderPage } from '../http/render.js';
import { checkCsrfToken, CsrfCheckedAfterUpload } from '../security/csrf.guard.js';
import { LiveCountsService } from '../swarm-counts/live-counts.service.js';
import { TorrentsService } from '../torrents/torrents.service.js';
import type { User } from '../users/user.entity.js';
import { DuplicateTorrentError } from './duplicate-torrent.error.js';
import { RELEASE_TEXT } from './messages.js';
import { readReleaseUpload, type ReleaseUploadForm } from './read-release-upload.js';
import { checkReleaseForm } from './release-form.js';
import type { ReleaseFields } from './release-input.js';
import { canView } from './release-access.js';
import { ReleaseDetailRepository } from './release-detail.repository.js';
import { ReleaseSnatchesService } from './release-snatches.service.js';
import { releasePageView } from './release-page.js';
import { ReleasesService } from './releases.service.js';
import { sendTorrent } from '../torrents/send-torrent.js';

const FORM_VIEW = 'pages/releases/form';

/** What a saved form answers: the page to go to and the message it shows once. */
interface Saved {
  path: string;
  message: string;
}

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
      await this.formLocals({ title: RELEASE_TEXT.newTitle, action: '/releases', isNew: true }),
    );
  }

  @Post()
  @RequireRole('uploader')
  @CsrfCheckedAfterUpload()
  async create(@CurrentUser() user: User, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locals = { title: RELEASE_TEXT.newTitle, action: '/releases', isNew: true };
    await this.submitForm(req, res, locals, async (fields, upload) => {
      const release = await this.releases.create(user, fields, upload);
      const message = fields.publish
        ? RELEASE_TEXT.published(release.title)
        : RELEASE_TEXT.draftSaved(release.title);
      return { path: `/releases/${release.id}`, message };
    });
  }

  @Get(':id')
  async show(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: User | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const viewer = user ?? null;
    // The release and its comments at once (two pool connections); a release this viewer may
    // not see is "not found" and its comments are dropped unread. Guests (a catalogue opened
    // by guestCatalogue) see neither comments nor who snatched: those are for members.
    const [release, comments] = await Promise.all([
      this.details.find(id),
      viewer ? this.comments.listForRelease(viewer, id) : [],
    ]);
    if (!release || !canView(viewer, release)) throw notFound('No such release.');
    const torrent = release.torrent;
    const [live, snatches] = torrent
      ? await Promise.all([
          this.liveCounts.read([torrent.infoHash]),
          viewer ? this.snatches.list(torrent.id) : [],
        ])
      : [null, []];
    // No magnet link: every stored torrent is private (rewriteForSite sets info.private=1),
    // so clients use neither DHT nor PEX, and a magnet without our tracker (ADR 0007: the
    // passkey stays out of page HTML) could never find a peer. See ADR 0018.
    renderPage(res, 'pages/releases/show', {
      title: release.title,
      isGuest: viewer === null,
      ...releasePageView(viewer, release, '', comments, {
        live: (torrent && live?.get(torrent.infoHash)) ?? null,
        snatches,
      }),
    });
  }

  @Get(':id/edit')
  @RequireLogin()
  async editPage(
    @Param('id', ParseIdPipe) id: number,
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
  @CsrfCheckedAfterUpload()
  async edit(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: User,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const locals = { title: RELEASE_TEXT.editTitle, action: `/releases/${id}/edit`, id };
    await this.submitForm(req, res, locals, async (fields, upload) => {
      const release = await this.releases.update(user, id, fields, upload.poster);
      return { path: `/releases/${id}`, message: RELEASE_TEXT.saved(release.title) };
    });
  }

  @Post(':id/publish')
  @RequireLogin()
  async publish(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const { title } = await this.releases.getEditable(user, id);
    await this.releases.setPublished(user, id, true);
    redirectWithFlash(res, `/releases/${id}`, 'ok', RELEASE_TEXT.published(title));
  }

  @Post(':id/unpublish')
  @RequireLogin()
  async unpublish(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const { title } = await this.releases.getEditable(user, id);
    await this.releases.setPublished(user, id, false);
    redirectWithFlash(res, `/releases/${id}`, 'ok', RELEASE_TEXT.unpublished(title));
  }

  @Post(':id/delete')
  @RequireLogin()
  async delete(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const { title } = await this.releases.getEditable(user, id);
    await this.releases.delete(user, id);
    redirectWithFlash(res, '/', 'ok', RELEASE_TEXT.deleted(title));
  }

  @Get(':id/poster')
  async poster(
    @Param('id', ParseIdPipe) id: number,
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
    @Param('id', ParseIdPipe) id: number,
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
   * Reads the multipart form, checks its CSRF token (a hidden field: the body is parsed only
   * here, after the guards) and every field, saves it, and goes to the page `save` names with
   * its message. A client-safe refusal re-renders the form with what was typed. An upload that
   * could not be read changes nothing, so its refusal is shown even before the token is known.
   */
  private async submitForm(
    req: Request,
    res: Response,
    locals: Record<string, unknown> & { isNew?: boolean },
    save: (fields: ReleaseFields, upload: ReleaseUploadForm) => Promise<Saved>,
  ): Promise<void> {
    let form: Record<string, unknown> = {};
    try {
      const upload = await readReleaseUpload(req, res);
      form = upload.body;
      if (upload.refusal) throw upload.refusal;
      checkCsrfToken(req, upload.body);
      const categories = await this.categories.listCached();
      const fields = checkReleaseForm({
        ...upload,
        isNew: locals.isNew === true,
        categoryIds: new Set(categories.map((category) => category.id)),
      });
      const saved = await save(fields, upload);
      redirectWithFlash(res, saved.path, 'ok', saved.message);
    } catch (err) {
      await this.renderRefusal(res, locals, form, err);
    }
  }

  /** Re-renders the form with what was typed (never the files) and each error beside its field. */
  private async renderRefusal(
    res: Response,
    locals: Record<string, unknown> & { isNew?: boolean },
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
    const view = await this.formLocals({ ...locals, form, duplicateOf });
    renderFormErrors(res, FORM_VIEW, view, err, fieldOfServiceRefusal(err, locals.isNew === true));
  }
}

/**
 * Which field a refusal from after the form check belongs beside: the fields were all fine,
 * so on a new release what is left to refuse is the .torrent (its content, or a duplicate).
 */
function fieldOfServiceRefusal(err: DomainError, isNew: boolean): string | undefined {
  if (err instanceof DuplicateTorrentError) return 'torrent';
  return isNew && err.kind === 'invalid' ? 'torrent' : undefined;
}
