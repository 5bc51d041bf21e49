import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { renderFormErrors } from '../forms/form-errors.js';
import { formString, renderPage } from '../http/render.js';
import { EmailAddressesService } from './email-addresses.service.js';
import { EMAIL_TEXT } from './messages.js';

const LINK_VIEW = 'pages/auth/email-link';
const RESEND_VIEW = 'pages/auth/resend-confirmation';

/**
 * The pages the mailed links open. Opening a link only shows a button: mail scanners that
 * fetch links must not use up a single-use token; the POST (with CSRF) does the change.
 */
@Controller('email')
export class EmailLinksController {
  constructor(private readonly emails: EmailAddressesService) {}

  @Get('confirm')
  resendForm(@Res() res: Response): void {
    renderPage(res, RESEND_VIEW, { title: EMAIL_TEXT.resendTitle });
  }

  @Post('confirm')
  async resend(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const email = formString(body, 'email');
    try {
      await this.emails.resendSignupConfirmation(email, req.ip ?? '');
      renderPage(res, RESEND_VIEW, { title: EMAIL_TEXT.resendTitle, email, notice: EMAIL_TEXT.resendSent });
    } catch (err) {
      renderFormErrors(res, RESEND_VIEW, { title: EMAIL_TEXT.resendTitle, email }, err, 'email');
    }
  }

  @Get('confirm/:token')
  async confirmPage(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const valid = await this.emails.isSignupLinkValid(token);
    this.linkPage(res, valid, { action: `/email/confirm/${token}`, kind: 'signup' });
  }

  @Post('confirm/:token')
  async confirm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    try {
      await this.emails.confirmSignup(token);
      res.redirect(303, '/login?done=confirmed');
    } catch (err) {
      renderFormErrors(res, LINK_VIEW, { title: EMAIL_TEXT.confirmTitle, valid: false }, err);
    }
  }

  @Get('change/:token')
  async changePage(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const newEmail = await this.emails.pendingChange(token);
    this.linkPage(res, newEmail !== null, { action: `/email/change/${token}`, kind: 'change', newEmail });
  }

  @Post('change/:token')
  async change(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      await this.emails.confirmChange(token);
      // The link may be opened in a browser that is not logged in.
      res.redirect(303, req.user ? '/account/email?done=changed' : '/login?done=email-changed');
    } catch (err) {
      renderFormErrors(res, LINK_VIEW, { title: EMAIL_TEXT.confirmTitle, valid: false }, err);
    }
  }

  private linkPage(res: Response, valid: boolean, locals: Record<string, unknown>): void {
    // The token is in the URL: keep the page out of caches.
    res.set('Cache-Control', 'no-store');
    const error = valid ? undefined : EMAIL_TEXT.linkInvalid;
    renderPage(
      res,
      LINK_VIEW,
      { title: EMAIL_TEXT.confirmTitle, valid, error, ...locals },
      valid ? 200 : 400,
    );
  }
}
