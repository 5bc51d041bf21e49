import { randomBytes } from 'node:crypto';
import { bearerTokenProblem } from '@tracker/core';
import { DEFAULT_REDIS_PREFIX } from '@tracker/redis';
import {
  DEFAULT_HTTP_EDGE,
  type HttpEdgeConfig,
  HttpEdgeConfigError,
  parseHttpEdgeConfig,
} from './http-edge-config.js';
import { DEFAULT_MAIL_CONFIG, type MailConfig, MailConfigError, parseMailConfig } from './mail-config.js';

export type { HttpEdgeConfig } from './http-edge-config.js';
export type { MailConfig } from './mail-config.js';

export const REGISTRATION_MODES = ['open', 'invite'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/** Nest's levels, least to most verbose, after `none` (nothing logged). */
export const LOG_LEVELS = ['none', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The announcer's pino names for the same levels: the one-process `npm start` hands both apps
 * one LOG_LEVEL, so either vocabulary must work here.
 */
const PINO_LOG_LEVELS: Record<string, LogLevel> = {
  fatal: 'error',
  info: 'log',
  trace: 'verbose',
  silent: 'none',
};

/**
 * The CMS configuration, read once at boot from the environment and never mutated.
 * `AppConfig` is also the Nest injection token: services ask for it by type.
 */
export class AppConfig {
  constructor(
    readonly host: string,
    readonly port: number,
    /** mysql://… → MySQL/MariaDB with migrations; undefined → embedded SQLite. */
    readonly databaseUrl: string | undefined,
    readonly dataDir: string,
    /** SQLite file (or ':memory:' in tests); only used when databaseUrl is undefined. */
    readonly sqlitePath: string,
    readonly redisUrl: string | undefined,
    readonly redisPrefix: string,
    readonly siteName: string,
    readonly announceBaseUrl: string,
    readonly registrationMode: RegistrationMode,
    readonly sessionSecret: string,
    /** True when SESSION_SECRET was not given and a random one was made for this boot. */
    readonly sessionSecretGenerated: boolean,
    readonly logLevel: LogLevel,
    /** When set, /metrics answers only `Authorization: Bearer <token>`. */
    readonly metricsToken: string | undefined = undefined,
    /** Trusted proxies, timeouts and connection caps of the HTTP server. */
    readonly http: HttpEdgeConfig = DEFAULT_HTTP_EDGE,
    /** SMTP_URL, MAIL_FROM and SITE_URL: how mail leaves and where its links point. */
    readonly mail: MailConfig = DEFAULT_MAIL_CONFIG,
  ) {}
}

/** A bad configuration value: the message is one line naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function text(env: Env, key: string, fallback: string): string {
  const value = env[key]?.trim();
  return value ? value : fallback;
}

function optional(env: Env, key: string): string | undefined {
  const value = env[key]?.trim();
  return value ? value : undefined;
}

function oneOf<T extends string>(env: Env, key: string, allowed: readonly T[], fallback: T): T {
  const value = text(env, key, fallback);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${key} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function port(env: Env, key: string, fallback: number): number {
  const raw = text(env, key, String(fallback));
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535)
    throw new ConfigError(`${key} must be a port number 0-65535 (got "${raw}")`);
  return value;
}

function url(env: Env, key: string, protocols: string[]): string | undefined {
  const value = optional(env, key);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${key} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${key} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return value;
}

function metricsToken(env: Env): string | undefined {
  const value = optional(env, 'METRICS_TOKEN');
  const problem = value === undefined ? undefined : bearerTokenProblem(value);
  if (problem !== undefined) throw new ConfigError(`METRICS_TOKEN ${problem}`);
  return value;
}

function sessionSecret(env: Env): { secret: string; generated: boolean } {
  const value = optional(env, 'SESSION_SECRET');
  if (value === undefined) return { secret: randomBytes(32).toString('hex'), generated: true };
  if (value.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters long');
  return { secret: value, generated: false };
}

/** Pure: reads the given environment, validates every value and returns the typed config. */
export function parseCmsConfig(env: Env): AppConfig {
  const databaseUrl = url(env, 'DATABASE_URL', ['mysql:', 'mariadb:']);
  const dataDir = text(env, 'DATA_DIR', './var');
  const secret = sessionSecret(env);
  if (databaseUrl && secret.generated) {
    throw new ConfigError(
      'SESSION_SECRET is required when DATABASE_URL is set (sessions must survive restarts)',
    );
  }
  const announceBaseUrl = url(env, 'ANNOUNCE_BASE_URL', ['http:', 'https:']) ?? 'http://localhost:3001';
  return new AppConfig(
    text(env, 'CMS_HOST', '0.0.0.0'),
    port(env, 'CMS_PORT', 3000),
    databaseUrl,
    dataDir,
    text(env, 'CMS_SQLITE_PATH', `${dataDir.replace(/\/+$/, '')}/cms.sqlite`),
    url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    text(env, 'REDIS_PREFIX', DEFAULT_REDIS_PREFIX),
    text(env, 'SITE_NAME', 'Tracker'),
    announceBaseUrl.replace(/\/+$/, ''),
    oneOf(env, 'REGISTRATION_MODE', REGISTRATION_MODES, 'open'),
    secret.secret,
    secret.generated,
    logLevel(env),
    metricsToken(env),
    httpEdge(env),
    mail(env),
  );
}

function mail(env: Env): MailConfig {
  try {
    return parseMailConfig(env, port(env, 'CMS_PORT', 3000));
  } catch (err) {
    if (err instanceof MailConfigError) throw new ConfigError(err.message);
    throw err;
  }
}

function httpEdge(env: Env): HttpEdgeConfig {
  try {
    return parseHttpEdgeConfig(env);
  } catch (err) {
    if (err instanceof HttpEdgeConfigError) throw new ConfigError(err.message);
    throw err;
  }
}

function logLevel(env: Env): LogLevel {
  const value = text(env, 'LOG_LEVEL', 'log');
  const level = Object.hasOwn(PINO_LOG_LEVELS, value) ? PINO_LOG_LEVELS[value] : value;
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  const accepted = [...LOG_LEVELS, ...Object.keys(PINO_LOG_LEVELS)].join(', ');
  throw new ConfigError(`LOG_LEVEL must be one of ${accepted} (got "${value}")`);
}
