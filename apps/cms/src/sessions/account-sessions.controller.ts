import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireLogin } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { clearSessionCookie } from '../auth/session-cookie.js';
import { sessionHandle, SessionStore } from '@tracker/core';
import { notFound } from '../errors/domain-error.js';
import { formString, renderPage } from '../http/render.js';
import type { User } from '../users/user.entity.js';
import { describeDevice } from './describe-device.js';
import { deviceName, SESSIONS_TEXT } from './messages.js';

/** /account/sessions: where the member is logged in; end one session or every other one. */
@Controller('account/sessions')
@RequireLogin()
export class AccountSessionsController {
  constructor(private readonly sessions: SessionStore) {}

  @Get()
  async list(
    @CurrentUser() user: User,
    @Query('done') done: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const current = req.sessionId ? sessionHandle(req.sessionId) : '';
    const sessions = (await this.sessions.listForUser(user.id)).map((s) => ({
      handle: s.handle,
      device: deviceName(describeDevice(s.userAgent)),
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      current: s.handle === current,
    }));
    const notice = typeof done === 'string' ? SESSIONS_TEXT.notices[done] : undefined;
    res.set('Cache-Control', 'no-store');
    renderPage(res, 'pages/account/sessions', {
      title: SESSIONS_TEXT.title,
      sessions,
      hasOthers: sessions.some((s) => !s.current),
      notice,
    });
  }

  /** Ends one session; ending the current one is logging out here. */
  @Post('end')
  async end(
    @CurrentUser() user: User,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const handle = formString(body, 'handle');
    const ended = await this.sessions.destroyForUser(user.id, handle);
    if (!ended) throw notFound(SESSIONS_TEXT.notFound);
    if (req.sessionId && handle === sessionHandle(req.sessionId)) {
      clearSessionCookie(req, res);
      return res.redirect(303, '/login?done=signed-out');
    }
    res.redirect(303, '/account/sessions?done=ended');
  }

  @Post('end-others')
  async endOthers(@CurrentUser() user: User, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.deleteForUser(user.id, req.sessionId);
    res.redirect(303, '/account/sessions?done=others-ended');
  }
}
