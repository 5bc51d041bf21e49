import { describe, expect, it } from '@jest/globals';
import { MemoryStatsLedger } from '@tracker/core';
import { User } from '../../src/users/user.entity.js';
import { createUser, registerAndLogin, useTestApp } from '../support/index.js';
import { newTorrent } from '../registry/support/bridge-database.js';
import { eventually } from '../registry/support/bridge-redis.js';
import { entry } from './ledger-fixtures.js';

describe('ledger lag on /metrics and /admin/stats (embedded: SQLite and the in-process ledger)', () => {
  const site = useTestApp({ database: 'sqlite' });

  it('applies what the in-process announcer ledger receives', async () => {
    const { user } = await createUser(site);
    const { torrent } = await newTorrent(site.dataSource);
    site.app.get(MemoryStatsLedger).append(entry(user.id, torrent.id, { up: 123, down: 45 }));
    await eventually(async () =>
      expect(await site.dataSource.getRepository(User).findOneByOrFail({ id: user.id })).toMatchObject({
        uploaded: 123,
        downloaded: 45,
      }),
    );
  });

  it('exposes the lag gauges to Prometheus', async () => {
    const res = await site.client().request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toMatch(/^cms_stats_ledger_pending_entries 0$/m);
    expect(res.text).toMatch(/^cms_stats_ledger_dead_letters 0$/m);
    expect(res.text).toMatch(/^cms_stats_ledger_healthy 1$/m);
    expect(res.text).toMatch(/^cms_stats_ledger_last_applied_timestamp_seconds [1-9]/m);
    expect(res.text).toMatch(/^cms_stats_credit_holds_total 0$/m);
  });

  it('counts held credit on /metrics and /admin/stats', async () => {
    const { user } = await createUser(site);
    const { torrent } = await newTorrent(site.dataSource);
    site.app
      .get(MemoryStatsLedger)
      .append(entry(user.id, torrent.id, { up: 1, held: { up: 5000, reason: 'too_fast' } }));
    await eventually(async () =>
      expect((await site.client().request('GET', '/metrics')).text).toMatch(
        /^cms_stats_credit_holds_total 1$/m,
      ),
    );
    const admin = site.client();
    await registerAndLogin(admin, { role: 'admin' });
    expect((await admin.request('GET', '/admin/stats')).text).toContain('<span id="credit-holds">1</span>');
  });

  it('shows the admin page to admins only', async () => {
    expect((await site.client().request('GET', '/admin/stats')).status).toBe(303);
    const member = site.client();
    await registerAndLogin(member);
    expect((await member.request('GET', '/admin/stats')).status).toBe(403);
    const admin = site.client();
    await registerAndLogin(admin, { role: 'admin' });
    const page = await admin.request('GET', '/admin/stats');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<td id="ledger-pending">0</td>');
    expect(page.text).toContain('<td id="ledger-dead">0</td>');
    expect(page.text).toContain('running');
  });
});

describe('/metrics with METRICS_TOKEN set', () => {
  const token = 'scrape-me-0123456789';
  const site = useTestApp({ database: 'sqlite', env: { METRICS_TOKEN: token } });

  it('answers only the bearer token', async () => {
    const without = await site.client().request('GET', '/metrics');
    expect(without.status).toBe(401);
    expect(without.text).not.toMatch(/cms_stats_ledger/);
    const wrong = await site.client().request('GET', '/metrics', undefined, {
      authorization: 'Bearer wrong-token-0123456789',
    });
    expect(wrong.status).toBe(401);
    const allowed = await site
      .client()
      .request('GET', '/metrics', undefined, { authorization: `Bearer ${token}` });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toMatch(/^cms_stats_ledger_healthy 1$/m);
  });
});
