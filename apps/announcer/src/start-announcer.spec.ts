import { describe, expect, it } from '@jest/globals';
import { startAnnouncer } from './start-announcer.js';

describe('announcer /healthz', () => {
  it('answers 200 with status ok', async () => {
    const announcer = await startAnnouncer({ host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`http://127.0.0.1:${announcer.port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      await announcer.close();
    }
  });
});
