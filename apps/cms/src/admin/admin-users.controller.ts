import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { invalid } from '../errors/domain-error.js';
import { formString, renderPage } from '../http/render.js';
import { ROLES, type User } from '../users/user.entity.js';
import { parseRole } from '../users/user-input.js';
import { UsersService } from '../users/users.service.js';

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
      title: 'Users',
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
    @Param('id', ParseIntPipe) id: number,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const role = parseRole(formString(body, 'role'));
    if (id === admin.id && role !== 'admin') throw invalid('You cannot remove your own admin role.');
    await this.users.setRole(id, role);
    res.redirect(303, '/admin/users');
  }

  @Post(':id/disabled')
  async setDisabled(
    @CurrentUser() admin: User,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const disabled = formString(body, 'disabled') === 'true';
    if (id === admin.id && disabled) throw invalid('You cannot disable your own account.');
    await this.users.setDisabled(id, disabled);
    res.redirect(303, '/admin/users');
  }

  @Post(':id/leeching')
  async setLeeching(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.users.setCanLeech(id, formString(body, 'canLeech') === 'true');
    res.redirect(303, '/admin/users');
  }
}
