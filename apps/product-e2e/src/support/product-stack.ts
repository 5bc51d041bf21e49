import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppProcess } from './app-process.js';
import { freePort } from './free-port.js';
import type { TestServices } from './test-services.js';
import { waitForHealthy } from './wait-for.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const CMS_MAIN = path.join(root, 'apps/cms/dist/main.js');
const CMS_CLI = path.join(root, 'apps/cms/dist/cli.js');
const ANNOUNCER_MAIN = path.join(root, 'apps/announcer/dist/main.js');
const START_TIMEOUT_MS = 30_000;

export interface StackOptions {
  /** Extra announcer environment (intervals for the test). */
  announcerEnv?: Record<string, string>;
  /**
   * Where the site's .torrent files point (ANNOUNCE_BASE_URL); default the announcer itself.
   * The real-clients test points it at its recording proxy.
   */
  announceBaseUrl?: (announcerPort: number) => Promise<string> | string;
}

/**
 * The site and the announcer started from their builds as separate processes against this
 * run's database and Redis prefix. Both keep their ports across restarts, as in production.
 */
export class ProductStack {
  readonly site: AppProcess;
  readonly announcer: AppProcess;

  private constructor(
    readonly sitePort: number,
    readonly announcerPort: number,
    private readonly siteEnv: NodeJS.ProcessEnv,
    announcerEnv: NodeJS.ProcessEnv,
  ) {
    this.site = new AppProcess('cms', process.execPath, [CMS_MAIN], siteEnv);
    this.announcer = new AppProcess('announcer', process.execPath, [ANNOUNCER_MAIN], announcerEnv);
  }

  static async create(services: TestServices, options: StackOptions = {}): Promise<ProductStack> {
    for (const entry of [CMS_MAIN, CMS_CLI, ANNOUNCER_MAIN]) {
      if (!existsSync(entry))
        throw new Error(`${path.relative(root, entry)} is missing: run \`npm run build\` first`);
    }
    const sitePort = await freePort();
    const announcerPort = await freePort();
    const announceBaseUrl =
      (await options.announceBaseUrl?.(announcerPort)) ?? `http://127.0.0.1:${announcerPort}`;
    const base = baseEnv(services);
    const siteEnv = {
      ...base,
      CMS_HOST: '127.0.0.1',
      CMS_PORT: String(sitePort),
      DATABASE_URL: services.databaseUrl,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ANNOUNCE_BASE_URL: announceBaseUrl,
      LOG_LEVEL: 'warn',
    };
    const announcerEnv = {
      ...base,
      ANNOUNCER_HOST: '127.0.0.1',
      ANNOUNCER_PORT: String(announcerPort),
      TRACKER_MODE: 'private',
      LOG_LEVEL: 'warn',
      // Every client and fake peer of these tests shares 127.0.0.1; the crash test alone
      // sends 200 announces a second from it, over the default per-address budget.
      ANNOUNCE_RATE_PER_IP: '0',
      ...options.announcerEnv,
    };
    return new ProductStack(sitePort, announcerPort, siteEnv, announcerEnv);
  }

  get siteUrl(): string {
    return `http://127.0.0.1:${this.sitePort}`;
  }

  get announcerUrl(): string {
    return `http://127.0.0.1:${this.announcerPort}`;
  }

  /** The site first: it migrates the fresh database and publishes the registry. */
  async start(): Promise<void> {
    await this.startSite();
    await this.startAnnouncer();
  }

  async startSite(): Promise<void> {
    this.site.start();
    await this.healthy(this.site, `${this.siteUrl}/healthz`);
  }

  async startAnnouncer(): Promise<void> {
    this.announcer.start();
    await this.healthy(this.announcer, `${this.announcerUrl}/healthz`);
  }

  /** Runs the site's operator CLI with the site's environment; resolves with its stdout. */
  cli(args: readonly string[], stdin = ''): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [CMS_CLI, ...args],
        { env: this.siteEnv, timeout: 60_000 },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`cli ${args[0]} failed: ${stderr.trim() || err.message}`));
          else resolve(stdout.trim());
        },
      );
      child.stdin?.end(stdin);
    });
  }

  /** Logs of both apps, for a failure message. */
  logs(): string {
    return `--- cms ---\n${this.site.log()}\n--- announcer ---\n${this.announcer.log()}`;
  }

  private async healthy(app: AppProcess, url: string): Promise<void> {
    try {
      await waitForHealthy(url, START_TIMEOUT_MS);
    } catch (err) {
      throw new Error(`${app.name} did not become healthy: ${(err as Error).message}\n${app.log()}`);
    }
  }
}

/** Only what the apps need: no jest or NODE_OPTIONS leaking into them. */
function baseEnv(services: TestServices): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    TZ: 'UTC',
    REDIS_URL: services.redisUrl,
    REDIS_PREFIX: services.redisPrefix,
  };
}
