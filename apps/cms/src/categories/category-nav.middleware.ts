import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CategoriesService } from './categories.service.js';

/** Puts the category list into every page's locals for the navigation bar. */
@Injectable()
export class CategoryNavMiddleware implements NestMiddleware {
  constructor(private readonly categories: CategoriesService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.path.startsWith('/api/')) return next();
    res.locals['navCategories'] = await this.categories.listCached();
    next();
  }
}
