import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireLogin } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { renderFormErrors } from '../forms/form-errors.js';
import { formString, renderPage } from '../http/render.js';
import type { User } from '../users/user.entity.js';
import { PASSWORD_TEXT } from './messages.js';
import { PasswordsService } from './passwords.service.js';

const VIEW = 'pages/account/password';

/** /account/password: the current password, the new one twice; other sessions end. */
@Controller('account/password')
@RequireLogin()
export class AccountPasswordController {
  constructor(private readonly passwords: PasswordsService) {}

  @Get()
  form(@Query('done') done: unknown, @Res() res: Response): void {
    const notice = typeof done === 'string' ? PASSWORD_TEXT.notices[done] : undefined;
    renderPage(res, VIEW, { title: PASSWORD_TEXT.changeTitle, notice });
  }

  @Post()
  async change(
    @CurrentUser() user: User,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const input = {
      current: formString(body, 'current'),
      password: formString(body, 'password'),
      confirm: formString(body, 'confirm'),
    };
    try {
      await this.passwords.change(user, input, req.sessionId);
      res.redirect(303, '/account/password?done=changed');
    } catch (err) {
      // Passwords are never sent back into the form.
      renderFormErrors(res, VIEW, { title: PASSWORD_TEXT.changeTitle }, err);
    }
  }
}
