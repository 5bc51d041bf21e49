import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SettingsService } from './settings.service.js';

/** Puts the site name, and whether to show the catalogue's links, into every page's locals for the layout. */
@Injectable()
export class LayoutLocalsMiddleware implements NestMiddleware {
  constructor(private readonly settings: SettingsService) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.path.startsWith('/api/')) return next();
    const settings = await this.settings.get();
    res.locals['siteName'] = settings.siteName;
    res.locals['searchQuery'] = typeof req.query['q'] === 'string' ? req.query['q'] : '';
    // Search and the category menu lead nowhere for a guest of a members-only site.
    res.locals['showCatalogue'] = req.user !== undefined || settings.guestCatalogue;
    next();
  }
}
