import { loadAnnouncerConfig } from './config/announcer-config.js';
import { createLogger } from './observability/logger.js';
import { startAnnouncer } from './start-announcer.js';

// Entry point: config -> store -> server -> graceful stop. A bad config stops the start
// with one line.
async function main(): Promise<void> {
  const config = loadAnnouncerConfig(process.env);
  const logger = createLogger(config.logLevel, config.instance);
  const announcer = await startAnnouncer(config, { logger });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    announcer.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(`announcer: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
