import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { logRedisErrors } from './redis-error-log.js';

function watched() {
  const client = new EventEmitter();
  const lines: string[] = [];
  let now = 0;
  logRedisErrors(client, { warn: (line) => lines.push(line) }, { name: 'cms-test', clock: () => now });
  return { client, lines, at: (ms: number) => void (now = ms) };
}

describe('logRedisErrors', () => {
  it('logs the first error at once, then one line a second with the count it held back', () => {
    const { client, lines, at } = watched();
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:6390');
    for (const ms of [0, 50, 100, 550, 999, 1000, 1500, 2100]) {
      at(ms);
      client.emit('error', refused);
    }
    expect(lines).toEqual([
      'redis cms-test: connect ECONNREFUSED 127.0.0.1:6390',
      'redis cms-test: connect ECONNREFUSED 127.0.0.1:6390 (4 more since the last line)',
      'redis cms-test: connect ECONNREFUSED 127.0.0.1:6390 (1 more since the last line)',
    ]);
  });

  it('says once when the connection is back, and logs the next outage at once', () => {
    const { client, lines, at } = watched();
    client.emit('ready');
    at(10);
    client.emit('error', new Error('down'));
    client.emit('error', new Error('down'));
    at(20);
    client.emit('ready');
    client.emit('ready');
    at(30);
    client.emit('error', new Error('down again'));
    expect(lines).toEqual([
      'redis cms-test: down',
      'redis cms-test: connected again (1 more error not logged)',
      'redis cms-test: down again',
    ]);
  });
});
