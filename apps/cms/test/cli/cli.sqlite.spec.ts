import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { runCli } from '../../src/cli.js';
import type { CliIo } from '../../src/cli/commands.js';

const FIXTURE = path.resolve(
  import.meta.dirname,
  '../../../../fixtures/torrents/multi-v1-libtorrent.torrent',
);

/** Runs one command against the suite's SQLite file, capturing stdout lines. */
async function cli(argv: string[], password = ''): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), readPassword: async () => password };
  return { code: await runCli(argv, io), out };
}

describe('operator CLI on the embedded SQLite database', () => {
  let dataDir: string;
  const saved = { ...process.env };

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cms-cli-'));
    delete process.env['DATABASE_URL'];
    delete process.env['REDIS_URL'];
    process.env['DATA_DIR'] = dataDir;
    process.env['CMS_SQLITE_PATH'] = path.join(dataDir, 'cms.sqlite');
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterAll(() => {
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a user with the password from stdin and prints a working token', async () => {
    const created = await cli(
      ['users:create', 'operator', '--role', 'admin', '--email', 'op@example.test'],
      'a long password',
    );
    expect(created).toEqual({ code: 0, out: [expect.stringContaining('created user operator')] });
    const token = await cli(['users:token', 'operator']);
    expect(token.code).toBe(0);
    expect(token.out[0]).toMatch(/^cms_[A-Za-z0-9_-]{43}$/);
  });

  it('refuses bad input with a non-zero exit', async () => {
    expect((await cli(['users:create', 'weak', '--role', 'user'], 'short')).code).toBe(1);
    expect((await cli(['users:create', 'x1', '--role', 'king'], 'a long password')).code).toBe(1);
    expect((await cli(['users:create'], 'a long password')).code).toBe(2);
    expect((await cli(['users:token', 'nobody'])).code).toBe(1);
    expect((await cli(['no:such'])).code).toBe(2);
    expect((await cli(['users:token', 'operator', '--bogus', 'x'])).code).toBe(2);
    expect((await cli(['releases:import', '/no/such/file', '--title', 't', '--category', 'c'])).code).toBe(2);
  });

  it('creates a category and imports a real .torrent into it, refusing the duplicate', async () => {
    expect((await cli(['categories:create', 'Linux ISOs'])).code).toBe(0);
    const imported = await cli([
      'releases:import',
      FIXTURE,
      '--title',
      'Fixture',
      '--category',
      'Linux ISOs',
    ]);
    expect(imported.code).toBe(0);
    expect(imported.out[0]).toMatch(/^imported release \d+ "Fixture" \(published\)$/);
    const again = await cli(['releases:import', FIXTURE, '--title', 'Fixture', '--category', 'Linux ISOs']);
    expect(again.code).toBe(1);
    const noCategory = await cli(['releases:import', FIXTURE, '--title', 'X', '--category', 'Nope']);
    expect(noCategory.code).toBe(1);
  });
});
