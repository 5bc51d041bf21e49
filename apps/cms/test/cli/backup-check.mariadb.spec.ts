import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { runCli } from '../../src/cli.js';
import type { CliIo } from '../../src/cli/commands.js';
import { freePort } from '../embedded/start-all-process.js';
import { createTestApp, createUser, TEST_DATABASE_URL, type TestApp } from '../support/index.js';

const run = promisify(execFile);

/** `backup:check <folder>`: exit code, stdout lines, stderr. */
async function check(folder: string): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  const io: CliIo = { out: (line) => out.push(line), readPassword: async () => '' };
  try {
    return { code: await runCli(['backup:check', folder], io), out, err };
  } finally {
    spy.mockRestore();
  }
}

/** The site's database dumped the way docs/operations.md says, with mariadb-dump. */
async function dumpDatabase(t: TestApp): Promise<string> {
  const url = new URL(TEST_DATABASE_URL);
  const database = (t.config.databaseUrl ?? '').split('/').pop() ?? '';
  const { stdout } = await run(
    'mariadb-dump',
    [
      `-h${url.hostname}`,
      `-P${url.port || '3306'}`,
      `-u${decodeURIComponent(url.username)}`,
      `-p${decodeURIComponent(url.password)}`,
      '--single-transaction',
      '--hex-blob',
      '--routines',
      '--triggers',
      database,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/** A redis-server of this test's own, persisting into `dir` (AOF on, as in docker-compose.yml). */
async function startRedis(dir: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await run('redis-cli', ['-p', String(port), 'ping']);
      return { port, child };
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('backup:check on a real backup (mariadb-dump, redis-cli --rdb, the AOF folder, files)', () => {
  let root: string;
  let good: string;
  let redis: { port: number; child: ChildProcess } | undefined;
  let t: TestApp;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'backup-check-'));
    good = path.join(root, 'good');
    mkdirSync(path.join(good, 'redis'), { recursive: true });
    t = await createTestApp({ database: 'mariadb' });
    await createUser(t, { username: "o'brien;--" });
    writeFileSync(path.join(good, 'tracker.sql'), await dumpDatabase(t));

    const redisDir = path.join(root, 'redis-data');
    mkdirSync(redisDir);
    redis = await startRedis(redisDir);
    const cli = (...args: string[]) => run('redis-cli', ['-p', String(redis?.port), ...args]);
    await cli('SET', 'tr:backup:test', 'value with\r\nnewline');
    await cli('XADD', 'tr:stats', '*', 'a', '1');
    await cli('--rdb', path.join(good, 'redis', 'dump.rdb'));
    cpSync(path.join(redisDir, 'appendonlydir'), path.join(good, 'redis', 'appendonlydir'), {
      recursive: true,
    });

    mkdirSync(path.join(good, 'files', 'mail'), { recursive: true });
    writeFileSync(path.join(good, 'files', 'mail', 'reset.eml'), 'Subject: hi\r\n\r\nbody');
  }, 60_000);

  afterAll(async () => {
    redis?.child.kill('SIGKILL');
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A copy of the good backup with one thing broken. */
  function broken(name: string, breakIt: (dir: string) => void): string {
    const dir = path.join(root, name);
    cpSync(good, dir, { recursive: true });
    breakIt(dir);
    return dir;
  }

  it('reads every part back and says what it checked', async () => {
    const result = await check(good);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(
      /^ok mysql: tracker\.sql: \d+ statements, \d+ tables, \d+ INSERT statements, complete$/,
    );
    expect(result.out[1]).toMatch(
      /^ok redis: dump\.rdb: RDB version \d+, \d+ bytes, checksum ok; appendonlydir: manifest with \d+ files, [1-9]\d* AOF commands/,
    );
    expect(result.out[2]).toBe('ok files: 1 files, 19 bytes, all readable');
  });

  it('reads a gzip dump too', async () => {
    const dir = broken('gzip', (d) => {
      writeFileSync(path.join(d, 'tracker.sql.gz'), gzipSync(readFileSync(path.join(d, 'tracker.sql'))));
      rmSync(path.join(d, 'tracker.sql'));
    });
    expect((await check(dir)).code).toBe(0);
  });

  it.each<[string, (dir: string) => void, RegExp]>([
    [
      'a truncated dump',
      (d) => {
        const file = path.join(d, 'tracker.sql');
        truncateSync(file, Math.floor(readFileSync(file).length * 0.7));
      },
      /tracker\.sql: (ends|no "-- Dump completed")/,
    ],
    [
      'a truncated gzip dump',
      (d) => {
        const gz = gzipSync(readFileSync(path.join(d, 'tracker.sql')));
        writeFileSync(path.join(d, 'tracker.sql.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
        rmSync(path.join(d, 'tracker.sql'));
      },
      /tracker\.sql\.gz: .*cut short/,
    ],
    [
      'a dump of some other database',
      (d) =>
        writeFileSync(
          path.join(d, 'tracker.sql'),
          '-- MySQL dump 10.13\nCREATE TABLE `x` (id int);\n-- Dump completed on 2026-12-07\n',
        ),
      /no CREATE TABLE for migrations, user/,
    ],
    [
      'an RDB with a bad magic',
      (d) => {
        const file = path.join(d, 'redis', 'dump.rdb');
        const bytes = readFileSync(file);
        bytes.write('XEDIS', 0, 'latin1');
        writeFileSync(file, bytes);
      },
      /dump\.rdb: not an RDB file \(no REDIS magic\)/,
    ],
    [
      'an RDB with a flipped byte',
      (d) => {
        const file = path.join(d, 'redis', 'dump.rdb');
        const bytes = readFileSync(file);
        bytes[12] = (bytes[12] ?? 0) ^ 0xff;
        writeFileSync(file, bytes);
      },
      /dump\.rdb: checksum mismatch/,
    ],
    [
      'a truncated AOF',
      (d) => {
        const aof = path.join(d, 'redis', 'appendonlydir');
        const incr = readdirSync(aof).find((n) => n.endsWith('.incr.aof')) ?? '';
        const file = path.join(aof, incr);
        truncateSync(file, readFileSync(file).length - 3);
      },
      /\.incr\.aof: cut short/,
    ],
    ['no dump at all', (d) => rmSync(path.join(d, 'tracker.sql')), /expected one MySQL dump/],
  ])('refuses %s with one line and exit code 1', async (_name, breakIt, message) => {
    const result = await check(broken(_name.replace(/\W+/g, '-'), breakIt));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^cli: backup check failed: [^\n]+\n$/);
    expect(result.err).toMatch(message);
  });
});
