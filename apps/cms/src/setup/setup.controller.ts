import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { formString, renderFormError, renderPage } from '../http/render.js';
import { SetupLinkRefused, SetupService } from './setup.service.js';

const FORM = 'pages/setup/first-admin';
const TITLE = 'Create the first admin account';

/** The error page with the refusal's status (404 unknown, 410 expired or not needed). */
function refuse(res: Response, err: unknown): void {
  if (!(err instanceof SetupLinkRefused)) throw err;
  renderPage(
    res,
    'pages/error',
    { title: `Error ${err.status}`, status: err.status, message: err.message },
    err.status,
  );
}

/** GET shows the form while the link is valid; POST (CSRF-checked) creates the admin. */
@Controller('setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  @Get(':token')
  async form(@Param('token') token: string, @Res() res: Response): Promise<void> {
    try {
      await this.setup.check(token);
    } catch (err) {
      return refuse(res, err);
    }
    renderPage(res, FORM, { title: TITLE, token });
  }

  @Post(':token')
  async create(@Param('token') token: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = {
      username: formString(body, 'username'),
      email: formString(body, 'email'),
      password: formString(body, 'password'),
    };
    try {
      const admin = await this.setup.createAdmin(token, form);
      renderPage(res, 'pages/setup/done', { title: 'Admin account created', username: admin.username });
    } catch (err) {
      if (err instanceof SetupLinkRefused) return refuse(res, err);
      renderFormError(res, FORM, { title: TITLE, token, username: form.username, email: form.email }, err);
    }
  }
}
