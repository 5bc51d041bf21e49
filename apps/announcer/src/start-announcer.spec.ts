import { describe, expect, it } from '@jest/globals';
import { get, testConfig } from '../test/support/announcer-harness.js';
import { startAnnouncer } from './start-announcer.js';

describe('announcer in embedded mode (no REDIS_URL)', () => {
  it('answers /healthz with 200 and status ok', async () => {
    const announcer = await startAnnouncer(testConfig());
    try {
      const res = await get(announcer.port, '/healthz');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body.toString())).toEqual({ status: 'ok' });
    } finally {
      await announcer.close();
    }
  });
});
