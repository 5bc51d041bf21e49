import { ConfigError } from './config/cms-config.js';
import { loadCmsStartConfig, startCms } from './start-cms.js';

// The CMS alone (`npm run start:cms`). `npm start` without REDIS_URL runs it together with
// the announcer in one process instead: tools/start-all.js.
async function main(): Promise<void> {
  const cms = await startCms(loadCmsStartConfig(process.env));
  cms.app.enableShutdownHooks();
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
