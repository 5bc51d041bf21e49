import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../auth/auth.guards.js';
import { renderFormError, renderPage } from '../http/render.js';
import { AnnouncerProbe } from '../settings/announcer-probe.js';
import { type SiteSettings, SettingsService } from '../settings/settings.service.js';

const VIEW = 'pages/admin/settings';

@Controller('admin/settings')
@RequireRole('admin')
export class AdminSettingsController {
  constructor(
    private readonly settings: SettingsService,
    private readonly announcer: AnnouncerProbe,
  ) {}

  @Get()
  async form(@Res() res: Response): Promise<void> {
    const site = await this.settings.get();
    renderPage(res, VIEW, { title: 'Site settings', site, ...(await this.announce(site)) });
  }

  @Post()
  async save(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const input = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    try {
      const settings = await this.settings.update(input);
      res.locals['siteName'] = settings.siteName;
      const locals = { title: 'Site settings', site: settings, notice: 'Settings saved.' };
      renderPage(res, VIEW, { ...locals, ...(await this.announce(settings)) });
    } catch (err) {
      const saved = await this.settings.get();
      renderFormError(
        res,
        VIEW,
        { title: 'Site settings', site: input, ...(await this.announce(saved)) },
        err,
      );
    }
  }

  /** What goes into .torrent files, and whether the announcer answers there (2 s at most). */
  private async announce(site: SiteSettings): Promise<Record<string, unknown>> {
    return {
      announceBase: site.announceBaseUrl,
      announcerHealth: await this.announcer.check(site.announceBaseUrl),
      healthzUrl: `${site.announceBaseUrl}/healthz`,
    };
  }
}
