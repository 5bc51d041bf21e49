import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/announcer-config.js';
import { maskPasskeys } from './mask-passkeys.js';

export type { Logger };

/**
 * JSON logs on stdout. Every string that reaches a log line goes through maskPasskeys,
 * including error messages and stacks, so a passkey never lands in a log store.
 */
export function createLogger(level: LogLevel, instance: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'announcer', instance },
      formatters: {
        log: (object) => maskObject(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? maskPasskeys(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}

function maskObject(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPasskeys(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return maskError(value);
  if (Array.isArray(value)) return value.map((v) => maskObject(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskObject(v, depth + 1);
  return out;
}

/**
 * The same kind of error (pino's serializer names it by its constructor) with the message and
 * stack masked; other own fields are dropped, since they may carry a command's arguments.
 */
function maskError(err: Error): Error {
  const masked = Object.create(Object.getPrototypeOf(err) as object) as Error;
  masked.message = maskPasskeys(err.message);
  masked.stack = maskPasskeys(err.stack ?? '');
  return masked;
}
