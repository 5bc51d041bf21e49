import { Logger } from '@nestjs/common';
import { ConfigError, parseCmsConfig } from './config/cms-config.js';
import { createApp } from './create-app.js';
import { demoSeedMessage, seedDemoIfEmpty } from './seed/demo-seed.js';

async function main(): Promise<void> {
  const config = parseCmsConfig(process.env);
  const logger = new Logger('cms');
  if (config.sessionSecretGenerated) {
    logger.warn('SESSION_SECRET is not set: using a random one, so sessions end when the CMS restarts.');
  }
  const app = await createApp(config);
  app.enableShutdownHooks();
  // First start on an empty database: a demo admin, categories and releases (credentials once).
  const demo = await seedDemoIfEmpty(app);
  if (demo) process.stdout.write(demoSeedMessage(demo));
  await app.listen(config.port, config.host);
  logger.log(
    `listening on http://${config.host}:${config.port} (${config.databaseUrl ? 'MySQL' : 'SQLite'})`,
  );
}

main().catch((err: unknown) => {
  const message =
    err instanceof ConfigError
      ? `configuration: ${err.message}`
      : err instanceof Error
        ? err.message
        : String(err);
  console.error(`cms: ${message}`);
  process.exit(1);
});
