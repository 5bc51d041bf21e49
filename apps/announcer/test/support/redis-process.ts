import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { connectRedis } from '@tracker/redis';

/** A free TCP port on loopback (bound and released; good enough for a test). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private redis-server for tests that stop and restart it, without persistence so a
 * restart starts empty. Fails loudly when redis-server is missing or never answers.
 */
export class RedisProcess {
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    await this.waitUntilAnswering(5000);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
      child.kill('SIGCONT');
    });
    this.child = undefined;
  }

  /** Freezes the server (SIGSTOP): connections stay open and nothing answers, like a hung host. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a paused server run again (SIGCONT). */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  private async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const probe = await connectRedis(this.url);
        probe.disconnect();
        return;
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`redis-server on ${this.port} did not answer: ${String(err)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
}
