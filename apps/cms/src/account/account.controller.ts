import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiTokensService } from '../api-tokens/api-tokens.service.js';
import { RequireLogin } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { forbidden } from '../errors/domain-error.js';
import { formString, renderFormError, renderPage } from '../http/render.js';
import { InvitesService } from '../invites/invites.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { AccountPageService } from './account-page.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';

const VIEW = 'pages/account/profile';

/** Fixed messages for `?done=`: the page never reflects free text from the URL. */
const NOTICES: Record<string, string> = {
  passkey: 'Your passkey was reset. Download your .torrent files again to use the new one.',
  rss: 'Your RSS key was reset. Update the feed URL in your client.',
  revoked: 'The token was revoked.',
};

@Controller('account')
@RequireLogin()
export class AccountController {
  constructor(
    private readonly page: AccountPageService,
    private readonly users: UsersService,
    private readonly tokens: ApiTokensService,
    private readonly invites: InvitesService,
    private readonly settings: SettingsService,
  ) {}

  @Get()
  async profile(
    @CurrentUser() user: User,
    @Query('done') done: unknown,
    @Res() res: Response,
  ): Promise<void> {
    // The passkey is on this page: keep it out of caches and history.
    res.set('Cache-Control', 'no-store');
    const notice = typeof done === 'string' ? NOTICES[done] : undefined;
    renderPage(res, VIEW, { ...(await this.page.build(user)), notice });
  }

  @Post('passkey')
  async resetPasskey(@CurrentUser() user: User, @Res() res: Response): Promise<void> {
    await this.users.resetPasskey(user.id);
    res.redirect(303, '/account?done=passkey');
  }

  @Post('rss-key')
  async resetRssKey(@CurrentUser() user: User, @Res() res: Response): Promise<void> {
    await this.users.resetRssKey(user.id);
    res.redirect(303, '/account?done=rss');
  }

  @Post('tokens')
  async createToken(@CurrentUser() user: User, @Body() body: unknown, @Res() res: Response): Promise<void> {
    res.set('Cache-Control', 'no-store');
    try {
      const { token } = await this.tokens.create(user.id, formString(body, 'name'));
      renderPage(res, VIEW, await this.page.build(user, { newToken: token }), 201);
    } catch (err) {
      renderFormError(res, VIEW, await this.page.build(user), err);
    }
  }

  @Post('tokens/:id/revoke')
  async revokeToken(
    @CurrentUser() user: User,
    @Param('id', ParseIntPipe) id: number,
    @Res() res: Response,
  ): Promise<void> {
    await this.tokens.revoke(user.id, id);
    res.redirect(303, '/account?done=revoked');
  }

  @Post('invites')
  async createInvite(@CurrentUser() user: User, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.set('Cache-Control', 'no-store');
    try {
      if ((await this.settings.get()).registrationMode !== 'invite') {
        throw forbidden('Invites are only used while registration is invite-only.');
      }
      const code = await this.invites.create(user.id);
      const newInviteUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}/register?invite=${code}`;
      renderPage(res, VIEW, await this.page.build(user, { newInviteUrl }), 201);
    } catch (err) {
      renderFormError(res, VIEW, await this.page.build(user), err);
    }
  }
}
