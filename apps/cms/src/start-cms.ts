import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { type AppConfig, parseCmsConfig } from './config/cms-config.js';
import { createApp, type CreateAppOptions } from './create-app.js';
import { demoSeedMessage, seedDemoIfEmpty } from './seed/demo-seed.js';
import { parseSwarmCountsEnv, type SwarmCountsOptions } from './swarm-counts/swarm-counts-options.js';

export { ConfigError } from './config/cms-config.js';
export { createEmbeddedStores, type EmbeddedStores } from './embedded/embedded-stores.js';

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
 * Config -> app -> demo seed on an empty database -> listen. Used by main.ts (the CMS alone)
 * and by tools/start-all.js (the CMS and the announcer in one process, `embedded` shared).
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
  let demo: Awaited<ReturnType<typeof seedDemoIfEmpty>>;
  try {
    // First start on an empty database: a demo admin, categories and releases (credentials once).
    demo = await seedDemoIfEmpty(app);
    await app.listen(config.port, config.host);
  } catch (err) {
    await app.close();
    throw err;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  logger.log(`listening on http://${config.host}:${port} (${config.databaseUrl ? 'MySQL' : 'SQLite'})`);
  // Last, so the credentials are not buried under the framework's start-up lines.
  if (demo) process.stdout.write(demoSeedMessage(demo));
  return { app, port, close: () => app.close() };
}
