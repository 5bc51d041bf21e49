import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { startAnnouncer } from '../src/start-announcer.js';
import { announceQuery, compactPeers, get, num, pct, testConfig } from './support/announcer-harness.js';

// Without REDIS_URL: the in-process store, registry and ledger (one announcer, e.g. `npm start`).
describe('embedded mode', () => {
  it('private: serves announces for what was fed into the in-process registry and records the ledger', async () => {
    const announcer = await startAnnouncer(testConfig({ MIN_INTERVAL: '30' }));
    try {
      const embedded = announcer.embedded;
      if (!embedded) throw new Error('expected the embedded backend');
      const passkey = randomBytes(16).toString('hex');
      const infoHash = randomBytes(20);
      const peer = (n: number) => ({
        infoHash,
        peerId: Buffer.alloc(20, n),
        port: 6000 + n,
        event: 'started',
      });
      expect(
        (await get(announcer.port, `/announce?passkey=${passkey}&${announceQuery(peer(1))}`)).failure,
      ).toBe('unknown passkey');
      await embedded.registry.upsertUser(passkey, { userId: 8, enabled: true, canLeech: true });
      await embedded.registry.publishTorrent(infoHash, { torrentId: 3, freeleech: false });
      await get(announcer.port, `/announce?passkey=${passkey}&${announceQuery(peer(1))}`);
      const second = await get(announcer.port, `/${passkey}/announce?${announceQuery(peer(2))}`);
      expect(compactPeers(second)).toEqual(['127.0.0.1:6001']);
      const early = await get(
        announcer.port,
        `/announce/${passkey}?${announceQuery({ ...peer(2), event: undefined })}`,
      );
      expect(early.failure).toMatch(/minimum interval is 30 s/);
      const ledger = await embedded.ledger.read(10);
      expect(ledger.map((r) => [r.entry.userId, r.entry.torrentId, r.entry.event])).toEqual([
        [8, 3, 'started'],
        [8, 3, 'started'],
      ]);
    } finally {
      await announcer.close();
    }
  });

  it('private: an unpublished torrent scrapes as zeros at once, another keeps its counts', async () => {
    const announcer = await startAnnouncer(testConfig());
    try {
      const embedded = announcer.embedded;
      if (!embedded) throw new Error('expected the embedded backend');
      const passkey = randomBytes(16).toString('hex');
      await embedded.registry.upsertUser(passkey, { userId: 9, enabled: true, canLeech: true });
      const [gone, kept] = [randomBytes(20), randomBytes(20)].map((hash) => {
        hash[0] = 0xff; // never UTF-8, so the decoded `files` dictionary names it in hex
        return hash;
      });
      for (const [i, infoHash] of [gone, kept].entries()) {
        await embedded.registry.publishTorrent(infoHash, { torrentId: 20 + i, freeleech: false });
        const q = announceQuery({ infoHash, peerId: Buffer.alloc(20, 1), left: 0n, event: 'started' });
        expect((await get(announcer.port, `/announce?passkey=${passkey}&${q}`)).failure).toBeUndefined();
      }
      const scrape = async () => {
        const q = `info_hash=${pct(gone)}&info_hash=${pct(kept)}`;
        return (await get(announcer.port, `/scrape?passkey=${passkey}&${q}`)).dict?.['files'];
      };
      const seeded = { complete: 1, incomplete: 0, downloaded: 0 };
      expect(await scrape()).toEqual({ [gone.toString('hex')]: seeded, [kept.toString('hex')]: seeded });
      await embedded.registry.unpublishTorrent(gone);
      expect(await scrape()).toEqual({
        [gone.toString('hex')]: { complete: 0, incomplete: 0, downloaded: 0 },
        [kept.toString('hex')]: seeded,
      });
    } finally {
      await announcer.close();
    }
  });

  it('open: any info_hash, no passkey, and scrape; metrics count the results', async () => {
    const announcer = await startAnnouncer(testConfig({ TRACKER_MODE: 'open', MIN_INTERVAL: '30' }));
    try {
      const infoHash = randomBytes(20);
      const q = (n: number, event?: string) =>
        `/announce?${announceQuery({ infoHash, peerId: Buffer.alloc(20, n), port: 7000 + n, left: 0n, event })}`;
      await get(announcer.port, q(1, 'started'));
      const res = await get(announcer.port, q(2, 'started'));
      expect([num(res, 'complete'), num(res, 'incomplete')]).toEqual([2, 0]);
      expect((await get(announcer.port, q(2))).failure).toMatch(/too soon/);
      const metrics = (await get(announcer.port, '/metrics')).body.toString();
      expect(metrics).toMatch(/tracker_announces_total\{result="ok",reason=""\} 2/);
      expect(metrics).toMatch(/tracker_announces_total\{result="too_soon",reason="too_soon"\} 1/);
      expect(metrics).toMatch(/tracker_active_seeders 2/);
    } finally {
      await announcer.close();
    }
  });
});
