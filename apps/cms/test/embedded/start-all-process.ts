import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BUILT = ['tools/start-all.js', 'apps/cms/dist/start-cms.js', 'apps/announcer/dist/start-announcer.js'];

export interface StartedProduct {
  readonly cmsUrl: string;
  readonly announcerUrl: string;
  readonly admin: { username: string; password: string };
  /** Everything the process printed on stdout so far. */
  stdout(): string;
  /** SIGTERM, then the exit code (or the signal that ended it). */
  stop(): Promise<number | string>;
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `node tools/start-all.js` from the builds, as `npm start` runs it without REDIS_URL: an
 * empty temp DATA_DIR (so the demo is seeded and its admin's password printed), free ports
 * other than the defaults, no ANNOUNCE_BASE_URL (the site must find the announcer's port
 * itself) and the default log level (the start-up output a person sees).
 */
export async function startProduct(timeoutMs = 60_000): Promise<StartedProduct> {
  const missing = BUILT.filter((file) => !existsSync(path.join(ROOT, file)));
  if (missing.length) throw new Error(`build first (npm run build): missing ${missing.join(', ')}`);
  const [cmsPort, announcerPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tracker-embedded-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    CMS_HOST: '127.0.0.1',
    CMS_PORT: String(cmsPort),
    ANNOUNCER_PORT: String(announcerPort),
  };
  for (const key of [
    'REDIS_URL',
    'DATABASE_URL',
    'SESSION_SECRET',
    'CMS_SQLITE_PATH',
    'ANNOUNCE_BASE_URL',
    'LOG_LEVEL',
  ])
    delete env[key];
  const child = spawn(process.execPath, [path.join(ROOT, 'tools/start-all.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve(signal ?? code ?? -1);
    }),
  );
  try {
    await waitFor(
      () => /^Tracker is up$/m.test(out),
      child,
      timeoutMs,
      () => `${out}\n${err}`,
    );
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    throw e;
  }
  return {
    cmsUrl: `http://127.0.0.1:${cmsPort}`,
    announcerUrl: `http://localhost:${announcerPort}`,
    admin: demoAdmin(out),
    stdout: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The credentials the first start prints once (startup/startup-block.ts). */
function demoAdmin(stdout: string): { username: string; password: string } {
  const username = /Log in as: (\S+)/.exec(stdout)?.[1];
  const password = /Password: +(\S+)/.exec(stdout)?.[1];
  if (!username || !password) throw new Error(`no demo credentials on stdout:\n${stdout}`);
  return { username, password };
}

async function waitFor(
  ready: () => boolean,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`start-all exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`start-all not ready after ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
