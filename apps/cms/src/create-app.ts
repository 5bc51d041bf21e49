import 'reflect-metadata';
import { type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, type AppModuleOptions } from './app.module.js';
import type { AppConfig, LogLevel } from './config/cms-config.js';
import { configureApp } from './http/configure-app.js';
import { nestLogger } from './startup/nest-logger.js';

const LEVELS: NestLogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The levels Nest prints at `level` and every less verbose one; false logs nothing. */
function nestLogLevels(level: LogLevel): NestLogLevel[] | false {
  return level === 'none' ? false : LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}

export type CreateAppOptions = AppModuleOptions;

/**
 * Builds the configured Nest application without listening: main.ts, start-cms.ts and tests
 * share it. `options.embedded` shares the in-process stores with an announcer in this process.
 */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, options), {
    logger: nestLogger(nestLogLevels(config.logLevel)),
    bodyParser: false,
  });
  await configureApp(app, config);
  return app;
}
