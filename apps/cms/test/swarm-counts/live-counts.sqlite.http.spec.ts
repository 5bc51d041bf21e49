import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryRegistry, MemoryStatsLedger } from '@tracker/core';
import { createEmbeddedStores, type OwnedEmbeddedStores } from '../../src/embedded/embedded-stores.js';
import { SwarmCountsSync } from '../../src/swarm-counts/swarm-counts-sync.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';
import { eventually } from '../registry/support/bridge-redis.js';
import {
  createApiToken,
  createTestApp,
  login,
  registerAndLogin,
  type HttpClient,
  type SeededUser,
  type TestApp,
} from '../support/index.js';
import {
  announceOf,
  countsInRow,
  firstSnatchRow,
  leechThenSeed,
  MIB,
  myTorrents,
  publishedRelease,
  rowOf,
  textOf,
} from './support.js';

describe('live counts in embedded mode (SQLite, the in-process stores shared with an announcer)', () => {
  let stores: OwnedEmbeddedStores;
  let site: TestApp;

  beforeAll(async () => {
    stores = createEmbeddedStores();
    site = await createTestApp({
      database: 'sqlite',
      appOptions: {
        embedded: stores,
        // Long sync period: the test runs the copy itself, so the timer cannot race it.
        swarmCounts: { peerTtlSeconds: 2880, syncMs: 3_600_000, syncBatch: 2 },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await stores?.close();
  });

  it('wires the injected registry and ledger through the registry and stats modules', async () => {
    expect(site.app.get(MemoryRegistry, { strict: false })).toBe(stores.registry);
    expect(site.app.get(MemoryStatsLedger, { strict: false })).toBe(stores.ledger);
    const { user } = await registerAndLogin(site.client());
    // The publisher writes new users into the shared registry the announcer reads.
    await eventually(async () => expect(await stores.registry.findUser(user.passkey)).not.toBeNull());
  });

  describe('with a leecher and a seeder in the shared swarm', () => {
    let alice: SeededUser;
    let bob: SeededUser;
    let release: Awaited<ReturnType<typeof publishedRelease>>;
    let quiet: Awaited<ReturnType<typeof publishedRelease>>;
    /** A member reading the pages: the catalogue is for members (issue 13). */
    let viewer: HttpClient;

    /** A new browser logged in as this user. */
    const loggedIn = async ({ user, password }: SeededUser): Promise<HttpClient> => {
      const client = site.client();
      await login(client, user.username, password);
      return client;
    };

    beforeAll(async () => {
      alice = await registerAndLogin(site.client());
      bob = await registerAndLogin(site.client());
      viewer = site.client();
      await registerAndLogin(viewer);
      release = await publishedRelease(site.dataSource, 'Busy swarm');
      quiet = await publishedRelease(site.dataSource, 'Quiet swarm');
      const torrent = release.torrent;
      // Bob leeches; Alice then seeds (completes after a started leech). Bob joins first: an
      // upload into a swarm where no other peer leeches is held, not credited (ADR 0013).
      await stores.swarm.announce(
        announceOf({
          userId: bob.user.id,
          torrent,
          event: 'started',
          uploaded: 0,
          downloaded: 0,
          left: 100 * MIB,
        }),
      );
      await leechThenSeed(stores.swarm, alice.user.id, torrent, 3 * MIB);
    });

    it('shows live seeders and leechers on the release page, and completed from the ledger', async () => {
      const page = await viewer.request('GET', `/releases/${release.release.id}`);
      expect(page.status).toBe(200);
      expect(textOf(page.text, 'seeders')).toBe('1');
      expect(textOf(page.text, 'leechers')).toBe('1');
      await eventually(async () => {
        const again = await viewer.request('GET', `/releases/${release.release.id}`);
        expect(textOf(again.text, 'snatches')).toBe('1');
      });
    });

    it('shows live counts on browse, the category page and the front page', async () => {
      const browse = await viewer.request('GET', '/browse?q=swarm');
      expect(countsInRow(rowOf(browse.text, release.release.id))).toMatchObject({
        seeders: '1',
        leechers: '1',
      });
      expect(countsInRow(rowOf(browse.text, quiet.release.id))).toMatchObject({
        seeders: '0',
        leechers: '0',
      });
      const category = await viewer.request('GET', `/categories/${release.category.slug}`);
      expect(countsInRow(rowOf(category.text, release.release.id))).toMatchObject({
        seeders: '1',
        leechers: '1',
      });
      const home = await viewer.request('GET', '/');
      expect(home.text).toMatch(/Busy swarm<\/a><\/h2>\s*<p class="meta">[\s\S]*?1 seeders · 1 leechers/);
    });

    it('answers the API, one release and the list, with the live counts (the rows still hold 0)', async () => {
      const token = await createApiToken(site, alice.user);
      const get = async (path: string) =>
        (await fetch(site.baseUrl + path, { headers: { authorization: `Bearer ${token}` } })).json();
      const stored = await site.dataSource.getRepository(Torrent).findOneByOrFail({ id: release.torrent.id });
      expect(stored).toMatchObject({ seeders: 0, leechers: 0 });
      expect(await get(`/api/v1/releases/${release.release.id}`)).toMatchObject({ seeders: 1, leechers: 1 });
      const list = (await get('/api/v1/releases?q=busy')) as { items: unknown[] };
      expect(list.items).toEqual([
        expect.objectContaining({ id: release.release.id, seeders: 1, leechers: 1 }),
      ]);
    });

    it('lists the snatch with its user, bytes and completion on the release page', async () => {
      await eventually(async () => {
        const page = await viewer.request('GET', `/releases/${release.release.id}`);
        const snatch = firstSnatchRow(page.text);
        expect(snatch).toContain(`<td>${alice.user.username}</td>`);
        expect(snatch).toContain('<td class="num">3.00 MiB</td><td class="num">100.00 MiB</td>');
        expect(snatch).toContain('<td class="num">0.03</td>');
        expect(page.text).not.toContain(`<td>${bob.user.username}</td>`); // still leeching: no snatch
      });
    });

    it("shows each user's current seeding and leeching torrents on their profile", async () => {
      const aliceClient = await loggedIn(alice);
      await eventually(async () => {
        const profile = await aliceClient.request('GET', '/account');
        const { seeding, leeching } = myTorrents(profile.text);
        expect(seeding).toContain(`href="/releases/${release.release.id}">Busy swarm</a>`);
        expect(seeding).toContain('<td class="num">3.00 MiB</td><td class="num">100.00 MiB</td>');
        expect(leeching).toContain('You are not downloading anything right now.');
      });
      const bobClient = await loggedIn(bob);
      await eventually(async () => {
        const profile = await bobClient.request('GET', '/account');
        const { seeding, leeching } = myTorrents(profile.text);
        expect(seeding).toContain('You are not seeding anything right now.');
        expect(leeching).toContain(`href="/releases/${release.release.id}">Busy swarm</a>`);
      });
    });

    it('copies live counts into the torrent rows, which browse sorts on', async () => {
      const result = await site.app.get(SwarmCountsSync).syncOnce();
      expect(result.updated).toBe(1);
      const row = await site.dataSource.getRepository(Torrent).findOneByOrFail({ id: release.torrent.id });
      expect(row).toMatchObject({ seeders: 1, leechers: 1 });
      const sorted = await viewer.request('GET', '/browse?q=swarm&sort=seeders&order=desc');
      expect(sorted.text.indexOf('Busy swarm')).toBeGreaterThan(-1);
      expect(sorted.text.indexOf('Busy swarm')).toBeLessThan(sorted.text.indexOf('Quiet swarm'));
      // Unchanged counts are not written again.
      expect((await site.app.get(SwarmCountsSync).syncOnce()).updated).toBe(0);
    });

    it('drops a stopped peer from the counts and from the profile', async () => {
      await stores.swarm.announce(
        announceOf({
          userId: bob.user.id,
          torrent: release.torrent,
          event: 'stopped',
          uploaded: 0,
          downloaded: 5 * MIB,
          left: 95 * MIB,
        }),
      );
      const page = await viewer.request('GET', `/releases/${release.release.id}`);
      expect(textOf(page.text, 'leechers')).toBe('0');
      const bobClient = await loggedIn(bob);
      await eventually(async () => {
        const profile = await bobClient.request('GET', '/account');
        expect(profile.text).toContain('You are not downloading anything right now.');
      });
    });
  });
});
