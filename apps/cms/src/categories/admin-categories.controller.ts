import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../auth/auth.guards.js';
import { DomainError } from '../errors/domain-error.js';
import { redirectWithFlash } from '../flash/flash.js';
import { renderFormErrors } from '../forms/form-errors.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';
import { formString, renderPage } from '../http/render.js';
import { CategoriesService } from './categories.service.js';
import { CATEGORY_TEXT } from './messages.js';

const VIEW = 'pages/admin-categories/index';
const PAGE = '/admin/categories';

/** Editors and admins manage categories: create, rename, delete when empty. */
@Controller('admin/categories')
@RequireRole('editor')
export class AdminCategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  async page(@Res() res: Response): Promise<void> {
    renderPage(res, VIEW, { title: CATEGORY_TEXT.title, categories: await this.categories.list() });
  }

  @Post()
  async create(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const name = formString(body, 'name');
    try {
      const created = await this.categories.create(name);
      redirectWithFlash(res, PAGE, 'ok', CATEGORY_TEXT.created(created.name));
    } catch (err) {
      await this.renderRefusal(res, err, { newName: name }, 'name');
    }
  }

  @Post(':id/rename')
  async rename(
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const name = formString(body, 'name');
    try {
      const renamed = await this.categories.rename(id, name);
      redirectWithFlash(res, PAGE, 'ok', CATEGORY_TEXT.renamed(renamed.name));
    } catch (err) {
      // The refusal goes beside that row's field, which keeps what was typed.
      await this.renderRefusal(res, err, { renameId: id, renameName: name }, 'rename');
    }
  }

  @Post(':id/delete')
  async delete(@Param('id', ParseIdPipe) id: number, @Res() res: Response): Promise<void> {
    const category = await this.categories.getById(id);
    try {
      await this.categories.delete(id);
      redirectWithFlash(res, PAGE, 'ok', CATEGORY_TEXT.deleted(category.name));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      redirectWithFlash(res, PAGE, 'error', err.message);
    }
  }

  private async renderRefusal(
    res: Response,
    err: unknown,
    typed: Record<string, unknown>,
    field: string,
  ): Promise<void> {
    const categories = await this.categories.list();
    renderFormErrors(res, VIEW, { title: CATEGORY_TEXT.title, categories, ...typed }, err, field);
  }
}
