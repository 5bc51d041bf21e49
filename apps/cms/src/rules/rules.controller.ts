import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../config/cms-config.js';
import { renderPage } from '../http/render.js';
import { renderMarkdown } from '../text/markdown.js';
import { readRules, rulesPath } from './rules-file.js';

/** /rules: open to guests, as the sign-in pages are (auth/guest-gate.ts). */
@Controller('rules')
export class RulesController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  async page(@Res() res: Response): Promise<void> {
    const markdown = await readRules(rulesPath(this.config.dataDir));
    renderPage(res, 'pages/rules/index', {
      title: 'Rules',
      rulesHtml: markdown === null ? null : renderMarkdown(markdown),
    });
  }
}
