import type { LoggerService } from '@nestjs/common';

export interface RetryLoopOptions {
  readonly name: string;
  /** Pause between two runs that found nothing to do. */
  readonly idleMs: number;
  /** Longest pause after consecutive failures (the pause doubles from idleMs). */
  readonly maxBackoffMs: number;
  readonly logger: LoggerService;
}

/**
 * Calls `step` forever: again at once while it reports more work, after `idleMs` when idle,
 * and with doubling backoff while it throws (Redis or the database down). A failure is logged
 * once when it starts and once when it ends, never rethrown: an outage must not crash-loop the
 * site. `kick()` cuts the current pause short.
 */
export class RetryLoop {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  /** A kick that came while a step ran: that step may have read before the change committed. */
  private kickedWhileRunning = false;
  private stopped = true;
  private failures = 0;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly step: () => Promise<boolean>,
    private readonly options: RetryLoopOptions,
  ) {}

  get failing(): boolean {
    return this.failures > 0;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) this.kickedWhileRunning = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.tick();
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.running = true;
    this.kickedWhileRunning = false;
    let next: number;
    try {
      const more = await this.step();
      if (this.failures > 0) this.options.logger.log(`${this.options.name}: recovered`);
      this.failures = 0;
      next = more || this.kickedWhileRunning ? 0 : this.options.idleMs;
    } catch (err) {
      if (this.failures === 0)
        this.options.logger.warn(`${this.options.name}: ${describe(err)}; retrying with backoff`);
      this.failures++;
      next = Math.min(this.options.idleMs * 2 ** this.failures, this.options.maxBackoffMs);
    } finally {
      this.running = false;
    }
    this.schedule(next);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
