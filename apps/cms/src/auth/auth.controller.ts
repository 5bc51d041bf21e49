import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/cms-config.js';
import { EmailAddressesService } from '../email-addresses/email-addresses.service.js';
import { DomainError } from '../errors/domain-error.js';
import { formString, renderFormError, renderPage, safeNextPath } from '../http/render.js';
import { AuthService, EmailUnconfirmedError } from './auth.service.js';
import { LOGIN_TEXT } from './messages.js';
import { readPendingLogin, signPendingLogin } from './pending-login.js';
import { clearSessionCookie, writeSessionCookie } from './session-cookie.js';
import { sessionClient } from './session-policy.js';

const LOGIN_VIEW = 'pages/auth/login';
const SECOND_STEP_VIEW = 'pages/auth/two-factor';
const REGISTER_VIEW = 'pages/auth/register';
const CHECK_MAIL_VIEW = 'pages/auth/check-email';

function clientOf(req: Request) {
  return sessionClient(req.get('user-agent'), req.ip);
}

@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly emails: EmailAddressesService,
    private readonly config: AppConfig,
  ) {}

  @Get('login')
  loginPage(@Query('next') next: unknown, @Query('done') done: unknown, @Res() res: Response): void {
    const notice = typeof done === 'string' ? LOGIN_TEXT.notices[done] : undefined;
    renderPage(res, LOGIN_VIEW, { title: LOGIN_TEXT.loginTitle, next: safeNextPath(next), notice });
  }

  @Post('login')
  async login(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const username = formString(body, 'username').trim();
    const next = safeNextPath(formString(body, 'next'));
    try {
      const outcome = await this.auth.login(
        username,
        formString(body, 'password'),
        req.ip ?? 'unknown',
        clientOf(req),
      );
      if (outcome.kind === 'second-factor') {
        const pending = signPendingLogin(this.config.sessionSecret, outcome.user.id, req.sessionId ?? '');
        return renderPage(res, SECOND_STEP_VIEW, { title: LOGIN_TEXT.secondStepTitle, pending, next });
      }
      await this.enter(req, res, outcome.sessionId, next);
    } catch (err) {
      const unconfirmed = err instanceof EmailUnconfirmedError;
      renderFormError(res, LOGIN_VIEW, { title: LOGIN_TEXT.loginTitle, username, next, unconfirmed }, err);
    }
  }

  /** The second step of a two-factor login: the code, with the pending-login proof. */
  @Post('login/2fa')
  async secondStep(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const next = safeNextPath(formString(body, 'next'));
    const pending = formString(body, 'pending');
    const userId = readPendingLogin(this.config.sessionSecret, pending, req.sessionId ?? '');
    if (userId === null) {
      const expired = new DomainError('unauthorized', LOGIN_TEXT.pendingExpired);
      return renderFormError(res, LOGIN_VIEW, { title: LOGIN_TEXT.loginTitle, next }, expired);
    }
    try {
      const code = formString(body, 'code');
      const sessionId = await this.auth.completeSecondFactor(
        userId,
        code,
        req.ip ?? 'unknown',
        clientOf(req),
      );
      await this.enter(req, res, sessionId, next);
    } catch (err) {
      const locals = { title: LOGIN_TEXT.secondStepTitle, pending, next };
      renderFormError(res, SECOND_STEP_VIEW, locals, err);
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
      title: LOGIN_TEXT.registerTitle,
      inviteOnly,
      invite: typeof invite === 'string' ? invite : '',
    });
  }

  @Post('register')
  async register(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = { username: formString(body, 'username'), email: formString(body, 'email') };
    const invite = formString(body, 'invite');
    try {
      const user = await this.auth.register({ ...form, password: formString(body, 'password'), invite });
      if (!user.emailConfirmed) {
        await this.emails.sendSignupConfirmation(user);
        const locals = { title: LOGIN_TEXT.checkMailTitle, username: user.username, email: user.email };
        return renderPage(res, CHECK_MAIL_VIEW, locals, 201);
      }
      const outcome = await this.auth.login(
        user.username,
        formString(body, 'password'),
        req.ip ?? '',
        clientOf(req),
      );
      if (outcome.kind === 'session') await this.enter(req, res, outcome.sessionId, '/account');
    } catch (err) {
      const inviteOnly = (await this.auth.registrationMode()) === 'invite';
      renderFormError(
        res,
        REGISTER_VIEW,
        { title: LOGIN_TEXT.registerTitle, ...form, invite, inviteOnly },
        err,
      );
    }
  }

  /** Replaces the browser's session (anonymous or another login) with the new one. */
  private async enter(req: Request, res: Response, sessionId: string, next: string): Promise<void> {
    if (req.sessionId) await this.auth.logout(req.sessionId);
    writeSessionCookie(req, res, sessionId);
    res.redirect(303, next);
  }
}
