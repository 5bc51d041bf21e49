// `npm start`: runs the site and the announcer from their builds, side by side, with the
// environment as given (embedded SQLite and in-process swarm store unless DATABASE_URL /
// REDIS_URL say otherwise). If either exits, the other is stopped and the exit code kept.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apps = [
  { name: 'cms', entry: 'apps/cms/dist/main.js' },
  { name: 'announcer', entry: 'apps/announcer/dist/main.js' },
];

const children = apps.map(({ name, entry }) => {
  const child = spawn(process.execPath, [path.join(root, entry)], { stdio: 'inherit', env: process.env });
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
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(
    () => process.exit(code),
  );
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
