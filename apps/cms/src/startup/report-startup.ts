import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '../config/cms-config.js';
import type { DemoSeedResult } from '../seed/demo-seed.js';
import { SettingsService } from '../settings/settings.service.js';
import { SetupService } from '../setup/setup.service.js';
import { displayUrl, type FirstRun, startupBlock } from './startup-block.js';

export interface StartupFacts {
  readonly port: number;
  /** What the demo seed made on this start (embedded mode, empty database), if anything. */
  readonly demo: DemoSeedResult | null;
  readonly announcerInProcess: boolean;
}

async function firstRun(
  app: INestApplicationContext,
  siteUrl: string,
  demo: DemoSeedResult | null,
): Promise<FirstRun> {
  if (demo) return { kind: 'demo', ...demo };
  const token = await app.get(SetupService).issueIfNoAdmin();
  return token ? { kind: 'setup-link', url: `${siteUrl}/setup/${token}` } : { kind: 'none' };
}

/**
 * Once the site listens: issues the setup link if a MySQL site has no admin yet, and prints
 * the start-up block on stdout (never the log: it may hold the demo password or the link).
 */
export async function reportStartup(
  app: INestApplicationContext,
  config: AppConfig,
  facts: StartupFacts,
): Promise<void> {
  const siteUrl = displayUrl(config.host, facts.port);
  const settings = await app.get(SettingsService).get();
  const block = startupBlock({
    siteUrl,
    announceBaseUrl: settings.announceBaseUrl,
    announcerInProcess: facts.announcerInProcess,
    database: config.databaseUrl ? 'mysql' : 'sqlite',
    sqlitePath: config.sqlitePath,
    redis: config.redisUrl !== undefined,
    firstRun: await firstRun(app, siteUrl, facts.demo),
  });
  process.stdout.write(block);
}
