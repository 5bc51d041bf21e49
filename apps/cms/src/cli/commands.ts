import { readFile } from 'node:fs/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { ApiTokensService } from '../api-tokens/api-tokens.service.js';
import { CategoriesService } from '../categories/categories.service.js';
import { ReleasesService } from '../releases/releases.service.js';
import { notFound } from '../errors/domain-error.js';
import { parseRole } from '../users/user-input.js';
import { UsersService } from '../users/users.service.js';
import { allowFlags, CliUsageError, exactlyPositional, type ParsedArgs } from './parse-args.js';
import { checkBackup } from './backup/backup-check.js';
import { readFirstLine } from './read-stdin.js';

export interface CliIo {
  out: (line: string) => void;
  readPassword: () => Promise<string>;
}

type Command = (app: INestApplicationContext, args: ParsedArgs, io: CliIo) => Promise<void>;
/** A command that needs no database: it runs without booting the site. */
type OfflineCommand = (args: ParsedArgs, io: CliIo) => Promise<void>;

export const USAGE = [
  'usage: cli <command> …',
  '  users:create <username> --role <user|uploader|editor|admin> [--email <email>]   (password on stdin)',
  '  users:token <username> [--name <label>]                                          (prints a new API token)',
  '  categories:create <name>',
  '  releases:import <file.torrent> --title <title> --category <name> [--author <username>] [--description <md>] [--publish true|false]',
  '  backup:check <folder>                                                            (reads a backup back: docs/operations.md)',
].join('\n');

async function usersCreate(app: INestApplicationContext, args: ParsedArgs, io: CliIo): Promise<void> {
  allowFlags(args, ['role', 'email']);
  const [username = ''] = exactlyPositional(
    args,
    1,
    'users:create <username> --role <role> [--email <email>]',
  );
  const role = parseRole(args.flags['role'] ?? 'user');
  const password = await io.readPassword();
  const email = args.flags['email'] ?? `${username.toLowerCase()}@users.invalid`;
  const user = await app.get(UsersService).create({ username, email, password, role });
  io.out(`created user ${user.username} (id ${user.id}, role ${user.role})`);
}

async function findUser(app: INestApplicationContext, username: string) {
  const user = await app.get(UsersService).findByUsername(username);
  if (!user) throw notFound(`No user named "${username}".`);
  return user;
}

async function usersToken(app: INestApplicationContext, args: ParsedArgs, io: CliIo): Promise<void> {
  allowFlags(args, ['name']);
  const [username = ''] = exactlyPositional(args, 1, 'users:token <username> [--name <label>]');
  const user = await findUser(app, username);
  const { token } = await app.get(ApiTokensService).create(user.id, args.flags['name'] ?? 'cli');
  io.out(token);
}

async function categoriesCreate(app: INestApplicationContext, args: ParsedArgs, io: CliIo): Promise<void> {
  allowFlags(args, []);
  const [name = ''] = exactlyPositional(args, 1, 'categories:create <name>');
  const category = await app.get(CategoriesService).create(name);
  io.out(`created category ${category.name} (id ${category.id}, slug ${category.slug})`);
}

function parsePublish(value: string | undefined): boolean {
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw new CliUsageError('--publish must be true or false');
}

async function readTorrentFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliUsageError(`cannot read ${file} (${code})`);
  }
}

/** The author is the named user, or the first admin when none is named. */
async function importAuthor(app: INestApplicationContext, username: string | undefined): Promise<number> {
  if (username) return (await findUser(app, username)).id;
  const admin = await app.get(UsersService).findFirstWithRole('admin');
  if (!admin) throw new CliUsageError('no admin exists yet: pass --author <username>');
  return admin.id;
}

async function releasesImport(app: INestApplicationContext, args: ParsedArgs, io: CliIo): Promise<void> {
  allowFlags(args, ['title', 'category', 'author', 'description', 'publish']);
  const [file = ''] = exactlyPositional(
    args,
    1,
    'releases:import <file.torrent> --title <title> --category <name>',
  );
  const title = args.flags['title'];
  const category = args.flags['category'];
  if (!title || !category) throw new CliUsageError('releases:import needs --title and --category');
  const publish = parsePublish(args.flags['publish']);
  const bytes = await readTorrentFile(file);
  const authorId = await importAuthor(app, args.flags['author']);
  const release = await app.get(ReleasesService).importTorrent(bytes, {
    title,
    category,
    authorId,
    publish,
    ...(args.flags['description'] ? { description: args.flags['description'] } : {}),
  });
  io.out(`imported release ${release.id} "${release.title}" (${release.status})`);
}

export const COMMANDS: Record<string, Command> = {
  'users:create': usersCreate,
  'users:token': usersToken,
  'categories:create': categoriesCreate,
  'releases:import': releasesImport,
};

async function backupCheck(args: ParsedArgs, io: CliIo): Promise<void> {
  allowFlags(args, []);
  const [folder = ''] = exactlyPositional(args, 1, 'backup:check <folder>');
  for (const line of await checkBackup(folder)) io.out(line);
}

export const OFFLINE_COMMANDS: Record<string, OfflineCommand> = {
  'backup:check': backupCheck,
};

export const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  readPassword: () => readFirstLine(),
};
