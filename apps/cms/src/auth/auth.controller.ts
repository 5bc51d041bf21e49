import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { formString, renderFormError, renderPage, safeNextPath } from '../http/render.js';
import { AuthService } from './auth.service.js';
import { clearSessionCookie, writeSessionCookie } from './session-cookie.js';

const LOGIN_VIEW = 'pages/auth/login';
const REGISTER_VIEW = 'pages/auth/register';

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Get('login')
  loginPage(@Query('next') next: unknown, @Res() res: Response): void {
    renderPage(res, LOGIN_VIEW, { title: 'Log in', next: safeNextPath(next) });
  }

  @Post('login')
  async login(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const username = formString(body, 'username').trim();
    const next = safeNextPath(formString(body, 'next'));
    try {
      const { sessionId } = await this.auth.login(
        username,
        formString(body, 'password'),
        req.ip ?? 'unknown',
      );
      if (req.sessionId) await this.auth.logout(req.sessionId);
      writeSessionCookie(req, res, sessionId);
      res.redirect(303, next);
    } catch (err) {
      renderFormError(res, LOGIN_VIEW, { title: 'Log in', username, next }, err);
    }
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (req.sessionId) await this.auth.logout(req.sessionId);
    clearSessionCookie(req, res);
    res.redirect(303, '/');
  }

  @Get('register')
  async registerPage(@Query('invite') invite: unknown, @Res() res: Response): Promise<void> {
    const inviteOnly = (await this.auth.registrationMode()) === 'invite';
    renderPage(res, REGISTER_VIEW, {
      title: 'Register',
      inviteOnly,
      invite: typeof invite === 'string' ? invite : '',
    });
  }

  @Post('register')
  async register(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = { username: formString(body, 'username'), email: formString(body, 'email') };
    const invite = formString(body, 'invite');
    try {
      await this.auth.register({ ...form, password: formString(body, 'password'), invite });
      const { sessionId } = await this.auth.login(
        form.username.trim(),
        formString(body, 'password'),
        req.ip ?? '',
      );
      writeSessionCookie(req, res, sessionId);
      res.redirect(303, '/account');
    } catch (err) {
      const inviteOnly = (await this.auth.registrationMode()) === 'invite';
      renderFormError(res, REGISTER_VIEW, { title: 'Register', ...form, invite, inviteOnly }, err);
    }
  }
}
