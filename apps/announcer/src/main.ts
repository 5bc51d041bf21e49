import { loadAnnouncerConfig } from './config/announcer-config.js';
import { startAnnouncer } from './start-announcer.js';

// Entry point: config -> server -> graceful stop. A bad config stops the start with one line.
async function main(): Promise<void> {
  const config = loadAnnouncerConfig(process.env);
  const announcer = await startAnnouncer(config);
  const stop = (): void => {
    announcer.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(`announcer: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
