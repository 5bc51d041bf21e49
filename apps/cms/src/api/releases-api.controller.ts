import { Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiAuth } from '../api-tokens/api-token.guard.js';
import { RequireRole } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { parseBrowseQuery } from '../releases/browse-query.js';
import { DuplicateTorrentError } from '../releases/duplicate-torrent.error.js';
import { readReleaseUpload } from '../releases/read-release-upload.js';
import { parseReleaseFields } from '../releases/release-input.js';
import { ReleaseSearchService, type ReleasePage } from '../releases/release-search.service.js';
import { ReleasesService } from '../releases/releases.service.js';
import { LiveCountsService } from '../swarm-counts/live-counts.service.js';
import { TorrentsService } from '../torrents/torrents.service.js';
import type { User } from '../users/user.entity.js';
import { type ReleaseJson, releaseJson } from './release-json.js';
import { sendTorrent } from '../torrents/send-torrent.js';

/**
 * /api/v1/releases for uploaders' scripts, authenticated by API token. Refusals are JSON
 * `{ message }` with the matching status (the global filter); a duplicate also names the
 * existing release.
 */
@Controller('api/v1/releases')
@ApiAuth()
export class ReleasesApiController {
  constructor(
    private readonly releases: ReleasesService,
    private readonly search: ReleaseSearchService,
    private readonly torrents: TorrentsService,
    private readonly liveCounts: LiveCountsService,
  ) {}

  @Get()
  list(@Query() raw: Record<string, unknown>): Promise<ReleasePage> {
    return this.search.browse(parseBrowseQuery(raw));
  }

  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: User): Promise<ReleaseJson> {
    const release = await this.releases.getVisible(user, id);
    const json = releaseJson(release, release.torrent ? await this.torrents.files(release.torrent.id) : []);
    // The stored counts are a periodic copy for sorting; show what the swarm holds now, as the list does.
    const [live] = await this.liveCounts.overlay([json]);
    return live ?? json;
  }

  @Post()
  @RequireRole('uploader')
  async create(@CurrentUser() user: User, @Req() req: Request, @Res() res: Response): Promise<void> {
    const upload = await readReleaseUpload(req, res);
    if (upload.refusal) throw upload.refusal;
    try {
      const created = await this.releases.create(user, parseReleaseFields(upload.body), upload);
      const release = await this.releases.getVisible(user, created.id);
      res.status(201).json(releaseJson(release));
    } catch (err) {
      if (!(err instanceof DuplicateTorrentError)) throw err;
      res
        .status(409)
        .json({ message: err.message, releaseId: err.releaseId, url: `/api/v1/releases/${err.releaseId}` });
    }
  }

  /** The .torrent with the token owner's passkey in its announce URL. */
  @Get(':id/torrent')
  async torrent(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const download = await this.torrents.downloadFor(user, id);
    sendTorrent(res, download);
  }
}
