import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { type AppConfig, parseCmsConfig } from './config/cms-config.js';
import { createApp, type CreateAppOptions } from './create-app.js';
import { type DemoSeedResult, seedDemoIfEmpty } from './seed/demo-seed.js';
import { reportStartup } from './startup/report-startup.js';
import { parseSwarmCountsEnv, type SwarmCountsOptions } from './swarm-counts/swarm-counts-options.js';

export { ConfigError } from './config/cms-config.js';
export { createEmbeddedStores, type EmbeddedStores } from './embedded/embedded-stores.js';
export { withInProcessAnnouncer } from './startup/in-process-announcer.js';

export interface CmsStartConfig {
  readonly config: AppConfig;
  readonly swarmCounts: SwarmCountsOptions;
}

export interface RunningCms {
  readonly app: NestExpressApplication;
  readonly port: number;
  close(): Promise<void>;
}

/** Reads and validates everything the CMS takes from the environment (throws ConfigError). */
export function loadCmsStartConfig(env: Record<string, string | undefined>): CmsStartConfig {
  return { config: parseCmsConfig(env), swarmCounts: parseSwarmCountsEnv(env) };
}

/**
 * Config -> app -> demo seed (embedded SQLite, empty database) -> listen -> the start-up
 * block (addresses, mode, the demo login or the first-admin setup link). Used by main.ts
 * (the CMS alone) and by tools/start-all.js (the CMS and the announcer in one process,
 * `embedded` shared).
 */
export async function startCms(
  { config, swarmCounts }: CmsStartConfig,
  options: Omit<CreateAppOptions, 'swarmCounts'> = {},
): Promise<RunningCms> {
  const logger = new Logger('cms');
  if (config.sessionSecretGenerated) {
    logger.warn('SESSION_SECRET is not set: using a random one, so sessions end when the CMS restarts.');
  }
  const app = await createApp(config, { ...options, swarmCounts });
  let port: number;
  try {
    const demo: DemoSeedResult | null = await seedDemoIfEmpty(app);
    await app.listen(config.port, config.host);
    port = (app.getHttpServer().address() as AddressInfo).port;
    await reportStartup(app, config, { port, demo, announcerInProcess: options.embedded !== undefined });
  } catch (err) {
    await app.close();
    throw err;
  }
  return { app, port, close: () => app.close() };
}
