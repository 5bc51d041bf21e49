import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { invalid } from '../errors/domain-error.js';
import { redirectWithFlash } from '../flash/flash.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';
import { formString, renderPage } from '../http/render.js';
import { ROLES, type User } from '../users/user.entity.js';
import { parseRole } from '../users/user-input.js';
import { UsersService } from '../users/users.service.js';
import { ADMIN_USERS_TEXT } from './messages.js';

const PER_PAGE = 50;

function pageNumber(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** Admins change roles, disable accounts and withdraw leeching; they cannot lock themselves out. */
@Controller('admin/users')
@RequireRole('admin')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(@Query('page') rawPage: unknown, @Res() res: Response): Promise<void> {
    const page = pageNumber(rawPage);
    const { users, total } = await this.users.list(page, PER_PAGE);
    renderPage(res, 'pages/admin/users', {
      title: ADMIN_USERS_TEXT.title,
      users: users.map((u) => ({
        id: u.id,
        username: u.username,
        email: u.email,
        role: u.role,
        disabled: u.disabled,
        canLeech: u.canLeech,
        createdAt: u.createdAt,
      })),
      roles: ROLES,
      prevPage: page > 1 ? page - 1 : null,
      nextPage: page * PER_PAGE < total ? page + 1 : null,
    });
  }

  @Post(':id/role')
  async setRole(
    @CurrentUser() admin: User,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(res, async () => {
      const role = parseRole(formString(body, 'role'));
      if (id === admin.id && role !== 'admin') throw invalid(ADMIN_USERS_TEXT.ownAdminRole);
      const { username } = await this.users.getById(id);
      await this.users.setRole(id, role);
      return ADMIN_USERS_TEXT.roleSet(username, role);
    });
  }

  @Post(':id/disabled')
  async setDisabled(
    @CurrentUser() admin: User,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(res, async () => {
      const disabled = formString(body, 'disabled') === 'true';
      if (id === admin.id && disabled) throw invalid(ADMIN_USERS_TEXT.ownAccount);
      const { username } = await this.users.getById(id);
      await this.users.setDisabled(id, disabled);
      return disabled ? ADMIN_USERS_TEXT.disabled(username) : ADMIN_USERS_TEXT.enabled(username);
    });
  }

  @Post(':id/leeching')
  async setLeeching(
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(res, async () => {
      const canLeech = formString(body, 'canLeech') === 'true';
      const { username } = await this.users.getById(id);
      await this.users.setCanLeech(id, canLeech);
      return canLeech ? ADMIN_USERS_TEXT.leechAllowed(username) : ADMIN_USERS_TEXT.leechWithdrawn(username);
    });
  }

  /** Back to the list with what was done; a refusal is the error page with its reason. */
  private async act(res: Response, change: () => Promise<string>): Promise<void> {
    redirectWithFlash(res, '/admin/users', 'ok', await change());
  }
}
