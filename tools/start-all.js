// `npm start`: runs the site and the announcer from their builds.
// - Without REDIS_URL: BOTH in this one process, sharing one in-process swarm store, registry
//   and stats ledger (the only way the announcer can know the site's passkeys and torrents
//   without Redis). The database is DATABASE_URL, else the embedded SQLite.
// - With REDIS_URL: two child processes that meet through Redis, as in production. If either
//   exits, the other is stopped and the exit code kept.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = (entry) => import(pathToFileURL(path.join(root, entry)).href);

if (process.env.REDIS_URL?.trim()) startSeparately();
else
  startEmbedded().catch((err) => {
    console.error(`start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });

async function startEmbedded() {
  const cmsStart = await built('apps/cms/dist/start-cms.js');
  const { startAnnouncer } = await built('apps/announcer/dist/start-announcer.js');
  const { loadAnnouncerConfig } = await built('apps/announcer/dist/config/announcer-config.js');
  // Both configs first: a bad value stops the start with one line before anything listens.
  configOrExit('cms', () => cmsStart.loadCmsStartConfig(process.env), cmsStart.ConfigError);
  const announcerConfig = configOrExit('announcer', () => loadAnnouncerConfig(process.env));
  const stores = cmsStart.createEmbeddedStores();
  // The announcer first: its real port goes into the .torrent files the site hands out.
  const announcer = await startAnnouncer(announcerConfig, { store: stores.swarm, registry: stores.registry });
  let cms;
  try {
    const cmsConfig = cmsStart.loadCmsStartConfig(
      cmsStart.withInProcessAnnouncer(process.env, announcer.port),
    );
    cms = await cmsStart.startCms(cmsConfig, { embedded: stores });
  } catch (err) {
    await announcer.close();
    await stores.close();
    throw err;
  }
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.error(`start: ${signal}, stopping`);
    setTimeout(() => process.exit(1), 15_000).unref();
    // The announcer first: no announce may land in the ledger after the site's last flush.
    let clean = true;
    for (const [name, close] of [
      ['announcer', () => announcer.close()],
      ['cms', () => cms.close()],
      ['stores', () => stores.close()],
    ]) {
      try {
        await close();
      } catch (err) {
        clean = false;
        console.error(
          `start: ${name} did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    process.exit(clean ? 0 : 1);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

function configOrExit(name, load, ConfigError) {
  try {
    return load();
  } catch (err) {
    const known = ConfigError ? err instanceof ConfigError : err instanceof Error;
    console.error(`${name}: configuration: ${known ? err.message : String(err)}`);
    process.exit(1);
  }
}

function startSeparately() {
  // Unless ANNOUNCE_BASE_URL is set, the site's .torrent files name the announcer's own port.
  const announcerPort = process.env.ANNOUNCER_PORT?.trim() || '3001';
  const cmsEnv = process.env.ANNOUNCE_BASE_URL?.trim()
    ? process.env
    : { ...process.env, ANNOUNCE_BASE_URL: `http://localhost:${announcerPort}` };
  const apps = [
    { name: 'cms', entry: 'apps/cms/dist/main.js', env: cmsEnv },
    { name: 'announcer', entry: 'apps/announcer/dist/main.js', env: process.env },
  ];
  const children = apps.map(({ name, entry, env }) => {
    const child = spawn(process.execPath, [path.join(root, entry)], { stdio: 'inherit', env });
    child.on('exit', (code, signal) => {
      console.error(`start: ${name} exited (${signal ?? code}); stopping the others`);
      stopAll(code ?? 1);
    });
    return child;
  });

  let stopping = false;
  function stopAll(code) {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    setTimeout(() => process.exit(code), 5000).unref();
    Promise.all(
      children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
    ).then(() => process.exit(code));
  }
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
}
