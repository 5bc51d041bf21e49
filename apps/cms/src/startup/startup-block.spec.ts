import { describe, expect, it } from '@jest/globals';
import { displayUrl, startupBlock, type StartupInfo } from './startup-block.js';

const base: StartupInfo = {
  siteUrl: 'http://localhost:3000',
  announceBaseUrl: 'http://localhost:4101',
  announcerInProcess: true,
  database: 'sqlite',
  sqlitePath: './var/cms.sqlite',
  redis: false,
  firstRun: { kind: 'none' },
};

describe('the start-up block', () => {
  it('shows the addresses and the mode in a few lines', () => {
    const text = startupBlock(base);
    expect(text).toContain('  site:       http://localhost:3000\n');
    expect(text).toContain('  announcer:  http://localhost:4101/announce (in this process)\n');
    expect(text).toContain('embedded SQLite (./var/cms.sqlite)');
    expect(text).toContain('in-process');
    expect(text).toContain('Log in at http://localhost:3000/login');
    expect(text.split('\n').length).toBeLessThan(15);
  });

  it('prints the demo credentials once, in the lines the README describes', () => {
    const text = startupBlock({
      ...base,
      firstRun: { kind: 'demo', username: 'admin', password: 'pw', releases: 4 },
    });
    expect(text).toContain('Demo site created with 4 releases.');
    expect(text).toContain('  Log in as: admin\n');
    expect(text).toContain('  Password:  pw\n');
    expect(text).toContain('This password is shown only once');
  });

  it('gives a production site the setup link and the CLI command, never a password', () => {
    const text = startupBlock({
      ...base,
      database: 'mysql',
      redis: true,
      announcerInProcess: false,
      firstRun: { kind: 'setup-link', url: 'http://localhost:3000/setup/abc' },
    });
    expect(text).toContain(
      'Open http://localhost:3000/setup/abc within an hour to create the first admin account',
    );
    expect(text).toContain('npm run cli -- users:create <name> --role admin');
    expect(text).toContain('MySQL/MariaDB');
    expect(text).toContain('Redis (REDIS_URL)');
    expect(text).not.toContain('Password');
    expect(text).not.toContain('(in this process)');
  });

  it('names a wildcard listen address as localhost, an IPv6 one in brackets', () => {
    expect(displayUrl('0.0.0.0', 3000)).toBe('http://localhost:3000');
    expect(displayUrl('::', 3000)).toBe('http://localhost:3000');
    expect(displayUrl('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
    expect(displayUrl('::1', 8080)).toBe('http://[::1]:8080');
  });
});
