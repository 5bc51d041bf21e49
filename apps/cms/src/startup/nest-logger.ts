import { ConsoleLogger, type LogLevel as NestLogLevel } from '@nestjs/common';

/**
 * Nest's own start-up chatter: one line per module, controller and mapped route (about 150
 * lines for this site). Useful when debugging routing, noise otherwise.
 */
const START_UP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * The console logger with Nest's start-up lines dropped unless the log level shows debug
 * lines; everything else (warnings, errors, our own lines) prints as before.
 */
export class StartupQuietLogger extends ConsoleLogger {
  private readonly quiet: boolean;

  constructor(levels: NestLogLevel[]) {
    super({ logLevels: levels });
    this.quiet = !levels.includes('debug');
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (this.quiet && typeof context === 'string' && START_UP_CONTEXTS.has(context)) return;
    super.log(message, ...rest);
  }
}

/** The logger option of NestFactory.create: false (nothing logged) stays false. */
export function nestLogger(levels: NestLogLevel[] | false): StartupQuietLogger | false {
  return levels === false ? false : new StartupQuietLogger(levels);
}
