import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../auth/auth.guards.js';
import { AppConfig } from '../config/cms-config.js';
import { notFound } from '../errors/domain-error.js';
import { renderPage } from '../http/render.js';
import { MailFiles } from './mail-files.js';
import { MAIL_PAGE } from './messages.js';

/** The messages written under DATA_DIR/mail (the embedded mode's outbox), for admins. */
@Controller('admin/mail')
@RequireRole('admin')
export class AdminMailController {
  constructor(
    private readonly files: MailFiles,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Res() res: Response): Promise<void> {
    // Messages hold reset links: keep them out of caches.
    res.set('Cache-Control', 'no-store');
    renderPage(res, 'pages/admin-mail/index', {
      title: MAIL_PAGE.listTitle,
      text: MAIL_PAGE,
      viaSmtp: this.config.mail.smtpUrl !== undefined,
      mails: await this.files.list(),
    });
  }

  @Get(':id')
  async show(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const mail = await this.files.read(id);
    if (!mail) throw notFound(MAIL_PAGE.notFound);
    res.set('Cache-Control', 'no-store');
    renderPage(res, 'pages/admin-mail/show', { title: MAIL_PAGE.showTitle, text: MAIL_PAGE, mail });
  }

  @Get(':id/eml')
  async eml(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const eml = await this.files.readEml(id);
    if (!eml) throw notFound(MAIL_PAGE.notFound);
    res.set('Cache-Control', 'no-store');
    res.attachment(`${id}.eml`).type('message/rfc822').send(eml);
  }
}
