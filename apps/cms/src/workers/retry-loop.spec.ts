import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { RetryLoop } from './retry-loop.js';

const quiet = new Logger('test');
quiet.warn = () => undefined;
quiet.log = () => undefined;

describe('RetryLoop', () => {
  it('runs again at once when kicked during a step, instead of sleeping idleMs', async () => {
    let release: () => void = () => undefined;
    const runs: number[] = [];
    const loop = new RetryLoop(
      async () => {
        runs.push(Date.now());
        if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return false;
      },
      { name: 'test', idleMs: 60_000, maxBackoffMs: 60_000, logger: quiet },
    );
    loop.start();
    await until(() => runs.length === 1);
    loop.kick();
    release();
    await until(() => runs.length === 2);
    await loop.stop();
    expect(runs).toHaveLength(2);
  });

  it('sleeps idleMs after an idle step nobody kicked', async () => {
    let runs = 0;
    const loop = new RetryLoop(
      async () => {
        runs++;
        return false;
      },
      { name: 'test', idleMs: 60_000, maxBackoffMs: 60_000, logger: quiet },
    );
    loop.start();
    await until(() => runs === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await loop.stop();
    expect(runs).toBe(1);
  });
});

async function until(done: () => boolean, ms = 2000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
