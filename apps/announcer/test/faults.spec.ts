import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { MemoryRegistry } from '@tracker/core';
import { createLogger } from '../src/observability/logger.js';
import { startAnnouncer } from '../src/start-announcer.js';
import { announceQuery, get, testConfig } from './support/announcer-harness.js';

describe('internal faults', () => {
  it('answers a generic bencoded failure, never a stack, and logs the fault with the passkey masked', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const passkey = 'abcdef0123456789abcdef0123456789';
    const registry = new MemoryRegistry();
    const infoHash = Buffer.alloc(20, 7);
    await registry.upsertUser(passkey, { userId: 1, enabled: true, canLeech: true });
    await registry.publishTorrent(infoHash, { torrentId: 1, freeleech: false });
    const broken = {
      announce: async () => {
        throw new Error(`bug while handling ${passkey}`);
      },
      scrape: async () => [],
      counts: async () => [],
      close: async () => undefined,
    };
    const announcer = await startAnnouncer(testConfig(), {
      store: broken,
      registry,
      logger: createLogger('error', 'test', sink),
    });
    try {
      const res = await get(
        announcer.port,
        `/announce/${passkey}?${announceQuery({ infoHash, peerId: Buffer.alloc(20, 1) })}`,
      );
      expect([res.status, res.failure]).toEqual([200, 'internal server error']);
      expect(res.body.toString('latin1')).not.toMatch(/\n\s+at |<html|bug while/i);
      // A fault on every request is logged once a second, not once a request.
      for (let i = 0; i < 20; i++) {
        const again = await get(
          announcer.port,
          `/announce/${passkey}?${announceQuery({ infoHash, peerId: Buffer.alloc(20, 1) })}`,
        );
        expect(again.failure).toBe('internal server error');
      }
    } finally {
      await announcer.close();
    }
    const log = lines.join('');
    expect(log.match(/request failed/g)).toHaveLength(1);
    // One JSON object per line, with what an operator filters on.
    const entry = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((e) => e['msg'] === 'request failed');
    expect(entry).toMatchObject({
      level: 50,
      app: 'announcer',
      instance: 'test',
      route: 'announce',
      notLogged: 0,
    });
    expect(entry?.['err']).toMatchObject({ type: 'Error', message: 'bug while handling abcd…' });
    expect(log).toMatch(/abcd…/);
    expect(log).not.toContain(passkey);
  });
});
