import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import type { RedisClient } from '@tracker/redis';

/**
 * A redis-server owned by one test, on a free loopback port and without persistence, so that
 * `restart()` brings it back EMPTY: what a Redis restart without RDB/AOF does to the site.
 * Tests that stop Redis use this, never the machine's shared Redis.
 */
export interface OwnedRedis {
  readonly url: string;
  readonly port: number;
  /** SIGKILL, then a fresh empty server on the same port, answering PING. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startOwnedRedis(): Promise<OwnedRedis> {
  const port = await freeLoopbackPort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const server: OwnedRedis = {
    url,
    port,
    async start() {
      if (child) return;
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      await Promise.race([once(child, 'spawn'), once(child, 'error').then(([err]) => Promise.reject(err))]);
      await answersPing(url, 5000);
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = once(running, 'exit');
      running.kill('SIGKILL');
      await exited;
    },
    async restart() {
      await server.stop();
      await server.start();
    },
  };
  await server.start();
  return server;
}

/** Binds port 0 on loopback and hands the port back (a race with other binders is unlikely). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls with a bare socket (a refused ioredis connect leaves timers behind that hold Jest open). */
async function answersPing(url: string, timeoutMs: number): Promise<void> {
  const { port } = new URL(url);
  const deadline = Date.now() + timeoutMs;
  while (!(await pongs(Number(port)))) {
    if (Date.now() > deadline) throw new Error(`redis-server at ${url} never answered PING`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function pongs(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** Resolves once the client is connected again (after a restart), or rejects after `ms`. */
export async function reconnected(client: RedisClient, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (client.status !== 'ready') {
    if (Date.now() > deadline) throw new Error(`the client did not reconnect within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
