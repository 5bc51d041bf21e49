import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../auth/auth.guards.js';
import { renderFormError, renderPage } from '../http/render.js';
import { SettingsService } from '../settings/settings.service.js';

const VIEW = 'pages/admin/settings';

@Controller('admin/settings')
@RequireRole('admin')
export class AdminSettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  async form(@Res() res: Response): Promise<void> {
    renderPage(res, VIEW, { title: 'Site settings', site: await this.settings.get() });
  }

  @Post()
  async save(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const input = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    try {
      const settings = await this.settings.update(input);
      res.locals['siteName'] = settings.siteName;
      renderPage(res, VIEW, { title: 'Site settings', site: settings, notice: 'Settings saved.' });
    } catch (err) {
      renderFormError(res, VIEW, { title: 'Site settings', site: input }, err);
    }
  }
}
