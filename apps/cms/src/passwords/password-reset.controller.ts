import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { renderFormErrors } from '../forms/form-errors.js';
import { formString, renderPage } from '../http/render.js';
import { PASSWORD_TEXT } from './messages.js';
import { PasswordsService } from './passwords.service.js';

const FORGOT_VIEW = 'pages/auth/forgot-password';
const RESET_VIEW = 'pages/auth/reset-password';

/** /password/forgot asks for the address; /password/reset/<token> (from the mail) sets a new password. */
@Controller('password')
export class PasswordResetController {
  constructor(private readonly passwords: PasswordsService) {}

  @Get('forgot')
  forgotForm(@Res() res: Response): void {
    renderPage(res, FORGOT_VIEW, { title: PASSWORD_TEXT.forgotTitle });
  }

  @Post('forgot')
  async forgot(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const email = formString(body, 'email');
    try {
      await this.passwords.requestReset(email, req.ip ?? '');
      renderPage(res, FORGOT_VIEW, {
        title: PASSWORD_TEXT.forgotTitle,
        email,
        notice: PASSWORD_TEXT.resetSent,
      });
    } catch (err) {
      renderFormErrors(res, FORGOT_VIEW, { title: PASSWORD_TEXT.forgotTitle, email }, err, 'email');
    }
  }

  @Get('reset/:token')
  async resetForm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    // The token is in the URL: keep the page out of caches.
    res.set('Cache-Control', 'no-store');
    const valid = await this.passwords.isResetLinkValid(token);
    const locals = { title: PASSWORD_TEXT.resetTitle, token, valid };
    renderPage(
      res,
      RESET_VIEW,
      valid ? locals : { ...locals, error: PASSWORD_TEXT.linkInvalid },
      valid ? 200 : 400,
    );
  }

  @Post('reset/:token')
  async reset(@Param('token') token: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    res.set('Cache-Control', 'no-store');
    const input = { password: formString(body, 'password'), confirm: formString(body, 'confirm') };
    try {
      await this.passwords.reset(token, input);
      res.redirect(303, '/login?done=reset');
    } catch (err) {
      const valid = await this.passwords.isResetLinkValid(token);
      renderFormErrors(res, RESET_VIEW, { title: PASSWORD_TEXT.resetTitle, token, valid }, err);
    }
  }
}
