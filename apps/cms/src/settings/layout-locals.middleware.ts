import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SettingsService } from './settings.service.js';

/** Puts the site name into every page's locals for the layout. */
@Injectable()
export class LayoutLocalsMiddleware implements NestMiddleware {
  constructor(private readonly settings: SettingsService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.path.startsWith('/api/')) return next();
    const settings = await this.settings.get();
    res.locals['siteName'] = settings.siteName;
    res.locals['searchQuery'] = typeof req.query['q'] === 'string' ? req.query['q'] : '';
    next();
  }
}
