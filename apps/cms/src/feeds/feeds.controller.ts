import { Controller, Get, Param, ParseIntPipe, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CategoriesService } from '../categories/categories.service.js';
import { parseBrowseQuery } from '../releases/browse-query.js';
import { ReleaseSearchService } from '../releases/release-search.service.js';
import { SiteInfo } from '../torrents/site-info.js';
import { TorrentsService } from '../torrents/torrents.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { buildRss } from './rss-xml.js';
import { sendTorrent } from '../torrents/send-torrent.js';

const FEED_SIZE = 50;

/**
 * RSS for torrent clients: `/rss?key=<rss key>[&category=<slug>]`, whose enclosures point at
 * `/rss/download/:id?key=<rss key>`, which returns the key owner's .torrent (their passkey
 * inside). The RSS key is not the passkey, so a leaked feed URL can be reset on its own.
 * Links are absolute on the host the client used, the only address the client knows works.
 */
@Controller('rss')
export class FeedsController {
  constructor(
    private readonly users: UsersService,
    private readonly search: ReleaseSearchService,
    private readonly categories: CategoriesService,
    private readonly torrents: TorrentsService,
    private readonly site: SiteInfo,
  ) {}

  @Get()
  async feed(
    @Query() raw: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const key = typeof raw['key'] === 'string' ? raw['key'] : '';
    if (!(await this.owner(key, res))) return;
    const query = { ...parseBrowseQuery({ category: raw['category'] }), perPage: FEED_SIZE };
    const category = query.category ? await this.categories.findBySlug(query.category) : null;
    if (query.category && !category) return void res.status(404).type('text/plain').send('No such category.');
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const siteName = await this.site.siteName();
    const page = await this.search.browse(query);
    const items = page.items.map((item) => ({
      title: item.title,
      link: `${origin}/releases/${item.id}`,
      guid: `${origin}/releases/${item.id}`,
      description: item.excerpt,
      category: item.category.name,
      pubDate: item.publishedAt ? new Date(item.publishedAt) : null,
      enclosureUrl: `${origin}/rss/download/${item.id}?key=${encodeURIComponent(key)}`,
      enclosureLength: item.size,
    }));
    const title = category ? `${siteName}: ${category.name}` : siteName;
    res
      .type('application/rss+xml; charset=utf-8')
      .set('Cache-Control', 'private, no-store')
      .send(buildRss({ title, link: `${origin}/`, description: `Latest releases on ${title}` }, items));
  }

  @Get('download/:id')
  async download(
    @Param('id', ParseIntPipe) id: number,
    @Query('key') key: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const user = await this.owner(typeof key === 'string' ? key : '', res);
    if (!user) return;
    const download = await this.torrents.downloadFor(user, id);
    sendTorrent(res, download);
  }

  /** The enabled account owning this RSS key, or a 403 answer (machines read these). */
  private async owner(key: string, res: Response): Promise<User | null> {
    const user = key ? await this.users.findByRssKey(key) : null;
    if (!user) res.status(403).type('text/plain').send('Unknown or reset RSS key.');
    return user;
  }
}
