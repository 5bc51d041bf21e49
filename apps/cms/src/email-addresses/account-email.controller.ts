import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireLogin } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { renderFormErrors } from '../forms/form-errors.js';
import { formString, renderPage } from '../http/render.js';
import type { User } from '../users/user.entity.js';
import { EmailAddressesService } from './email-addresses.service.js';
import { EMAIL_TEXT } from './messages.js';

const VIEW = 'pages/account/email';

/** /account/email: a new address, confirmed by a link sent to it (and the password now). */
@Controller('account/email')
@RequireLogin()
export class AccountEmailController {
  constructor(private readonly emails: EmailAddressesService) {}

  @Get()
  form(@CurrentUser() user: User, @Query('done') done: unknown, @Res() res: Response): void {
    const notice = typeof done === 'string' ? EMAIL_TEXT.notices[done] : undefined;
    renderPage(res, VIEW, { title: EMAIL_TEXT.changeTitle, current: user.email, notice });
  }

  @Post()
  async change(@CurrentUser() user: User, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const email = formString(body, 'email');
    try {
      await this.emails.requestChange(user, { email, password: formString(body, 'password') });
      res.redirect(303, '/account/email?done=change-sent');
    } catch (err) {
      renderFormErrors(res, VIEW, { title: EMAIL_TEXT.changeTitle, current: user.email, email }, err);
    }
  }
}
