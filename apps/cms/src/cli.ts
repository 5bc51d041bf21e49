import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { BackupCheckError } from './cli/backup/backup-check.js';
import { COMMANDS, type CliIo, defaultIo, OFFLINE_COMMANDS, USAGE } from './cli/commands.js';
import { CliUsageError, parseArgs } from './cli/parse-args.js';
import { ConfigError, parseCmsConfig } from './config/cms-config.js';
import { DomainError } from './errors/domain-error.js';

/**
 * Operator commands against the configured database: `node apps/cms/dist/cli.js <command>`.
 * Exit codes: 0 done, 1 refused or failed (one line on stderr), 2 bad command line.
 */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      io.out(USAGE);
      return 0;
    }
    const offline = OFFLINE_COMMANDS[args.command];
    if (offline) {
      await offline(args, io);
      return 0;
    }
    const command = COMMANDS[args.command];
    if (!command) throw new CliUsageError(`unknown command "${args.command}"\n${USAGE}`);
    const config = parseCmsConfig({ ...process.env, LOG_LEVEL: 'error' });
    const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
    try {
      await command(app, args, io);
    } finally {
      await app.close();
    }
    return 0;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  if (err instanceof CliUsageError) {
    process.stderr.write(`cli: ${err.message}\n`);
    return 2;
  }
  if (err instanceof BackupCheckError) {
    process.stderr.write(`cli: backup check failed: ${err.message}\n`);
    return 1;
  }
  const safe = err instanceof DomainError || err instanceof ConfigError;
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`cli: ${safe ? message : `failed: ${message}`}\n`);
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
