import { spawn, type ChildProcess } from 'node:child_process';

const LOG_LINES_KEPT = 200;

/** Every process group this worker started, so a failing test still leaves none behind. */
const live = new Set<AppProcess>();
process.once('exit', () => {
  for (const app of live) app.killGroupSync();
});

/** Kills every process group still running (afterAll calls it; the exit hook is a fallback). */
export async function killAllStarted(): Promise<void> {
  await Promise.all([...live].map((app) => app.kill9()));
}

/**
 * One app started from its build as a separate process, in its own process group (detached),
 * so `kill9()` takes any child it made with it. Output is kept (last lines) for failure reports.
 */
export class AppProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly lines: string[] = [];

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    const child = spawn(this.command, [...this.args], {
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(this);
    child.stdout?.on('data', (d: Buffer) => this.keep(d));
    child.stderr?.on('data', (d: Buffer) => this.keep(d));
    this.exited = new Promise((resolve) =>
      child.once('close', (code, signal) => {
        this.keep(Buffer.from(`[${this.name} exited: ${signal ?? code}]\n`));
        live.delete(this);
        resolve();
      }),
    );
  }

  /** The process's last output lines, for a failure message. */
  log(): string {
    return this.lines.join('\n');
  }

  /** SIGKILL to the whole group: no cleanup runs, as in a crash or an OOM kill. */
  async kill9(): Promise<void> {
    this.killGroupSync();
    await this.exited;
  }

  /** SIGSTOP (freeze) or SIGCONT (thaw) to the whole group: the process holds still mid-work. */
  pause(frozen: boolean): void {
    if (this.running) this.signalGroup(frozen ? 'SIGSTOP' : 'SIGCONT');
  }

  /** A graceful stop (SIGTERM unless the program wants another), then SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (!this.running) return this.exited;
    this.signalGroup(signal);
    const timer = setTimeout(() => this.killGroupSync(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Resolves with the exit code when the process ends. */
  async waitForExit(): Promise<number | null> {
    await this.exited;
    return this.child?.exitCode ?? null;
  }

  killGroupSync(): void {
    if (this.running) this.signalGroup('SIGKILL');
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch (err) {
      // ESRCH: the group is already gone, which is what we wanted.
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }

  private keep(chunk: Buffer): void {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > LOG_LINES_KEPT) this.lines.shift();
    }
  }
}
