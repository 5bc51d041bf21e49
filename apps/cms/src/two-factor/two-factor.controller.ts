import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireLogin } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { renderFormErrors } from '../forms/form-errors.js';
import { formString, renderPage } from '../http/render.js';
import type { User } from '../users/user.entity.js';
import { TWO_FACTOR_TEXT } from './messages.js';
import { TwoFactorService } from './two-factor.service.js';

const VIEW = 'pages/account/two-factor';
const CODES_VIEW = 'pages/account/recovery-codes';

/** /account/2fa: turn TOTP sign-in on (QR code, first code), make new recovery codes, turn it off. */
@Controller('account/2fa')
@RequireLogin()
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Get()
  async page(@CurrentUser() user: User, @Query('done') done: unknown, @Res() res: Response): Promise<void> {
    const notice = typeof done === 'string' ? TWO_FACTOR_TEXT.notices[done] : undefined;
    await this.render(res, user, { notice });
  }

  @Post('enable')
  async enable(@CurrentUser() user: User, @Body() body: unknown, @Res() res: Response): Promise<void> {
    try {
      const codes = await this.twoFactor.enable(user, formString(body, 'code'));
      this.showCodes(res, codes, TWO_FACTOR_TEXT.notices['enabled']);
    } catch (err) {
      await this.renderError(res, user, 'enable', err);
    }
  }

  @Post('recovery-codes')
  async recoveryCodes(@CurrentUser() user: User, @Body() body: unknown, @Res() res: Response): Promise<void> {
    try {
      const codes = await this.twoFactor.regenerateRecoveryCodes(user, proofOf(body));
      this.showCodes(res, codes, TWO_FACTOR_TEXT.notices['codes']);
    } catch (err) {
      await this.renderError(res, user, 'codes', err);
    }
  }

  @Post('disable')
  async disable(@CurrentUser() user: User, @Body() body: unknown, @Res() res: Response): Promise<void> {
    try {
      await this.twoFactor.disable(user, proofOf(body));
      res.redirect(303, '/account/2fa?done=disabled');
    } catch (err) {
      await this.renderError(res, user, 'disable', err);
    }
  }

  /** The codes exist in clear only in this answer: never cached, never shown again. */
  private showCodes(res: Response, codes: string[], notice: string | undefined): void {
    res.set('Cache-Control', 'no-store');
    renderPage(res, CODES_VIEW, { title: TWO_FACTOR_TEXT.codesTitle, codes, notice }, 201);
  }

  private async render(res: Response, user: User, extra: Record<string, unknown>): Promise<void> {
    // The enrolment secret is on this page: keep it out of caches and history.
    res.set('Cache-Control', 'no-store');
    renderPage(res, VIEW, { ...(await this.locals(user)), ...extra });
  }

  /** `form` says which of the page's forms failed, so its field shows the error. */
  private async renderError(res: Response, user: User, form: string, err: unknown): Promise<void> {
    const locals = await this.locals(user);
    res.set('Cache-Control', 'no-store');
    renderFormErrors(res, VIEW, { ...locals, form }, err);
  }

  private async locals(user: User): Promise<Record<string, unknown>> {
    const status = await this.twoFactor.status(user.id);
    const enrolment = status.enabled ? undefined : await this.twoFactor.enrolment(user);
    return { title: TWO_FACTOR_TEXT.pageTitle, ...status, enrolment };
  }
}

function proofOf(body: unknown): { code: string; password: string } {
  return { code: formString(body, 'code'), password: formString(body, 'password') };
}
