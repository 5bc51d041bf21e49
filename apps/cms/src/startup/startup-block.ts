/** What a person needs to do after this start, if anything. */
export type FirstRun =
  | { readonly kind: 'demo'; readonly username: string; readonly password: string; readonly releases: number }
  | { readonly kind: 'setup-link'; readonly url: string }
  | { readonly kind: 'none' };

export interface StartupInfo {
  readonly siteUrl: string;
  /** The announce base written into .torrent files. */
  readonly announceBaseUrl: string;
  /** True when the announcer runs in this process (tools/start-all.js). */
  readonly announcerInProcess: boolean;
  readonly database: 'sqlite' | 'mysql';
  /** The SQLite file, when database is sqlite. */
  readonly sqlitePath?: string;
  readonly redis: boolean;
  readonly firstRun: FirstRun;
}

/** The address a person can open: a wildcard listen address means this machine. */
export function displayUrl(host: string, port: number): string {
  const local = ['', '0.0.0.0', '::', '[::]'].includes(host);
  const shown = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

function nextSteps(info: StartupInfo): string[] {
  const first = info.firstRun;
  if (first.kind === 'demo') {
    return [
      `Demo site created with ${first.releases} releases.`,
      `  Log in as: ${first.username}`,
      `  Password:  ${first.password}`,
      'This password is shown only once: change it after logging in.',
    ];
  }
  if (first.kind === 'setup-link') {
    return [
      'No admin account exists yet.',
      `Open ${first.url} within an hour to create the first admin account,`,
      'or run: npm run cli -- users:create <name> --role admin --email <email>   (password on stdin)',
    ];
  }
  return [`Log in at ${info.siteUrl}/login`];
}

/**
 * The one block printed when the site is up (stdout only: it may hold the demo password).
 * Short on purpose: addresses, the mode, and what to do next.
 */
export function startupBlock(info: StartupInfo): string {
  const database =
    info.database === 'mysql' ? 'MySQL/MariaDB (DATABASE_URL)' : `embedded SQLite (${info.sqlitePath ?? ''})`;
  const stores = info.redis
    ? 'Redis (REDIS_URL)'
    : 'in-process (swarms and live counts are lost when the process stops)';
  const where = info.announcerInProcess ? ' (in this process)' : '';
  return [
    '',
    'Tracker is up',
    `  site:       ${info.siteUrl}`,
    `  announcer:  ${info.announceBaseUrl}/announce${where}`,
    `  database:   ${database}`,
    `  stores:     ${stores}`,
    '',
    ...nextSteps(info),
    '',
    '',
  ].join('\n');
}
