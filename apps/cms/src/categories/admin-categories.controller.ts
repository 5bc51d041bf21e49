import { Body, Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../auth/auth.guards.js';
import { formString, renderFormError, renderPage } from '../http/render.js';
import { CategoriesService } from './categories.service.js';

const VIEW = 'pages/admin-categories/index';

/** Editors and admins manage categories: create, rename, delete when empty. */
@Controller('admin/categories')
@RequireRole('editor')
export class AdminCategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  async page(@Res() res: Response): Promise<void> {
    renderPage(res, VIEW, { title: 'Categories', categories: await this.categories.list() });
  }

  @Post()
  async create(@Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(res, () => this.categories.create(formString(body, 'name')), 'Category created.');
  }

  @Post(':id/rename')
  async rename(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(res, () => this.categories.rename(id, formString(body, 'name')), 'Category renamed.');
  }

  @Post(':id/delete')
  async delete(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    await this.act(res, () => this.categories.delete(id), 'Category deleted.');
  }

  /** Runs the change, then shows the page with a notice or the refusal. */
  private async act(res: Response, change: () => Promise<unknown>, notice: string): Promise<void> {
    try {
      await change();
      renderPage(res, VIEW, { title: 'Categories', categories: await this.categories.list(), notice });
    } catch (err) {
      renderFormError(res, VIEW, { title: 'Categories', categories: await this.categories.list() }, err);
    }
  }
}
