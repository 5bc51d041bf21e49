import { describe, expect, it } from '@jest/globals';
import { parseTorrentFile } from '@tracker/core';
import { seedDemoIfEmpty } from '../../src/seed/demo-seed.js';
import { login, useTestApp } from '../support/index.js';

describe('demo seed on an empty database', () => {
  const t = useTestApp({ database: 'sqlite' });

  it('creates an admin who can log in, categories and published releases with real torrents', async () => {
    const result = await seedDemoIfEmpty(t.app);
    expect(result).toMatchObject({ username: 'admin', releases: 4 });
    const client = t.client();
    await login(client, 'admin', result?.password ?? '');
    const home = await client.get('/');
    expect(home.text).toContain('Demo Linux netinst 1.0');
    expect(home.text).toContain('href="/categories/music"');
    const id = /href="\/releases\/(\d+)"/.exec(home.text)?.[1];
    expect(id).toBeDefined();
    const res = await fetch(`${t.baseUrl}/releases/${id}/download`, {
      headers: { cookie: `sid=${client.cookie('sid')}` },
    });
    expect(res.status).toBe(200);
    const parsed = parseTorrentFile(Buffer.from(await res.arrayBuffer()));
    expect(parsed.private).toBe(true);
  });

  it('does nothing when the database already has users', async () => {
    await expect(seedDemoIfEmpty(t.app)).resolves.toBeNull();
  });
});
