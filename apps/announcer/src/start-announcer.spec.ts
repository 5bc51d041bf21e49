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

  it('answers /metrics only with the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'scrape-me-0123456789';
    const announcer = await startAnnouncer(testConfig({ METRICS_TOKEN: token }));
    try {
      const without = await get(announcer.port, '/metrics');
      expect([without.status, without.headers['www-authenticate']]).toEqual([401, 'Bearer']);
      expect(without.body.toString()).not.toMatch(/tracker_/);
      expect(
        (await get(announcer.port, '/metrics', { authorization: 'Bearer wrong-token-0123456789' })).status,
      ).toBe(401);
      const allowed = await get(announcer.port, '/metrics', { authorization: `Bearer ${token}` });
      expect(allowed.status).toBe(200);
      expect(allowed.body.toString()).toMatch(/tracker_announces_total/);
      // Health stays open: load balancers probe it without credentials.
      expect((await get(announcer.port, '/healthz')).status).toBe(200);
    } finally {
      await announcer.close();
    }
  });
});
