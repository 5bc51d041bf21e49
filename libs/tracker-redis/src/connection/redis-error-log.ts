import type { EventEmitter } from 'node:events';

/** Where a client's connection faults go: a Nest Logger or a pino logger fits. */
export interface RedisErrorLogger {
  warn(line: string): void;
}

export interface RedisErrorLogOptions {
  /** Names the client in each line, e.g. `cms-stats`. */
  readonly name: string;
  /** At most one line per interval (default 1000 ms); the next line says how many it held back. */
  readonly intervalMs?: number;
  readonly clock?: () => number;
}

/**
 * Handles a client's 'error' events. ioredis emits one for every refused reconnect (every
 * 50–500 ms during an outage) and, with no listener, prints "[ioredis] Unhandled error event"
 * with a stack each time. Here the first error is logged at once, later ones at most once per
 * interval with the count held back, and the first 'ready' after errors says it is back (at
 * warn level too: it closes the outage the previous lines opened).
 */
export function logRedisErrors(
  client: EventEmitter,
  logger: RedisErrorLogger,
  options: RedisErrorLogOptions,
): void {
  const intervalMs = options.intervalMs ?? 1000;
  const clock = options.clock ?? Date.now;
  let loggedAt: number | null = null;
  let heldBack = 0;
  let failing = false;
  client.on('error', (err: unknown) => {
    failing = true;
    const now = clock();
    if (loggedAt !== null && now - loggedAt < intervalMs) {
      heldBack++;
      return;
    }
    const more = heldBack > 0 ? ` (${heldBack} more since the last line)` : '';
    logger.warn(`redis ${options.name}: ${describe(err)}${more}`);
    loggedAt = now;
    heldBack = 0;
  });
  client.on('ready', () => {
    if (!failing) return;
    const more = heldBack > 0 ? ` (${heldBack} more error${heldBack === 1 ? '' : 's'} not logged)` : '';
    logger.warn(`redis ${options.name}: connected again${more}`);
    failing = false;
    loggedAt = null;
    heldBack = 0;
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
