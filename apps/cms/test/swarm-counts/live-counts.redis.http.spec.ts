import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type RedisClient, RedisSwarmStore } from '@tracker/redis';
import { SWARM_COUNTS_REDIS } from '../../src/swarm-counts/swarm-counts-options.js';
import { SwarmCountsSync } from '../../src/swarm-counts/swarm-counts-sync.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';
import {
  type BridgeRedis,
  eventually,
  openBridgeRedis,
  TEST_REDIS_URL,
} from '../registry/support/bridge-redis.js';
import {
  createTestApp,
  type HttpClient,
  login,
  registerAndLogin,
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

/**
 * Counts what the site's swarm-count connection sends: socket writes are round trips (an
 * ioredis pipeline is written in one go), sendCommand calls are commands. No MONITOR needed,
 * and other suites' traffic on the shared Redis does not disturb the figures.
 */
function traffic(redis: RedisClient): { take(): { roundTrips: number; commands: number } } {
  const socket = (redis as unknown as { stream: Socket }).stream;
  let roundTrips = 0;
  let commands = 0;
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((...args: unknown[]) => {
    roundTrips++;
    return write(...args);
  }) as Socket['write'];
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((...args: Parameters<RedisClient['sendCommand']>) => {
    commands++;
    return send(...args);
  }) as RedisClient['sendCommand'];
  return {
    take() {
      const seen = { roundTrips, commands };
      roundTrips = 0;
      commands = 0;
      return seen;
    },
  };
}

describe('live counts from Redis (MariaDB site, the announcer key schema)', () => {
  let bridge: BridgeRedis;
  let site: TestApp;
  let swarm: RedisSwarmStore;
  let seen: ReturnType<typeof traffic>;
  let alice: SeededUser;
  let bob: SeededUser;
  /** A member reading the pages: the catalogue is for members (issue 13). */
  let viewer: HttpClient;
  const releases: Array<Awaited<ReturnType<typeof publishedRelease>>> = [];
  const nth = (i: number) => {
    const fixture = releases[i];
    if (!fixture) throw new Error(`no release fixture ${i}`);
    return fixture;
  };

  beforeAll(async () => {
    bridge = await openBridgeRedis();
    site = await createTestApp({
      database: 'mariadb',
      env: { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `${bridge.prefix}:` },
      appOptions: { swarmCounts: { peerTtlSeconds: 2880, syncMs: 3_600_000, syncBatch: 500 } },
    });
    // The announcer's side: the same keys, written by the same store class it uses.
    swarm = new RedisSwarmStore({ redis: bridge.redis, keys: bridge.keys, peerTtlSeconds: 2880 });
    const redis = site.app.get<RedisClient | null>(SWARM_COUNTS_REDIS, { strict: false });
    if (!redis) throw new Error('the site opened no swarm-count connection although REDIS_URL is set');
    await eventually(() => expect(redis.status).toBe('ready'));
    seen = traffic(redis);
    alice = await registerAndLogin(site.client());
    bob = await registerAndLogin(site.client());
    viewer = site.client();
    await registerAndLogin(viewer);
    for (let i = 0; i < 5; i++) releases.push(await publishedRelease(site.dataSource, `Redis swarm ${i}`));
    // Bob leeches both the first and the second release, before Alice seeds the first: an
    // upload into a swarm where no other peer leeches is held, not credited (ADR 0013).
    for (const { torrent: leeched } of releases.slice(0, 2)) {
      await swarm.announce(
        announceOf({
          userId: bob.user.id,
          torrent: leeched,
          event: 'started',
          uploaded: 0,
          downloaded: 0,
          left: 1,
        }),
      );
    }
    await leechThenSeed(swarm, alice.user.id, nth(0).torrent, 2 * MIB);
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await bridge?.cleanup();
  });

  it('reads every row of a list page in ONE round trip', async () => {
    await viewer.request('GET', '/browse?q=Redis'); // loads the counts script once
    seen.take();
    const browse = await viewer.request('GET', '/browse?q=Redis');
    expect(seen.take()).toEqual({ roundTrips: 1, commands: 1 });
    expect(countsInRow(rowOf(browse.text, nth(0).release.id))).toMatchObject({
      seeders: '1',
      leechers: '1',
    });
    expect(countsInRow(rowOf(browse.text, nth(1).release.id))).toMatchObject({
      seeders: '0',
      leechers: '1',
    });
    expect(countsInRow(rowOf(browse.text, nth(4).release.id))).toMatchObject({
      seeders: '0',
      leechers: '0',
    });
  });

  it('reads the front page and a release page in one round trip each', async () => {
    const home = await viewer.request('GET', '/');
    expect(seen.take().roundTrips).toBe(1);
    expect(home.text).toMatch(/Redis swarm 0<\/a><\/h2>\s*<p class="meta">[\s\S]*?1 seeders · 1 leechers/);
    const page = await viewer.request('GET', `/releases/${nth(0).release.id}`);
    expect(seen.take()).toEqual({ roundTrips: 1, commands: 1 });
    expect(textOf(page.text, 'seeders')).toBe('1');
    expect(textOf(page.text, 'leechers')).toBe('1');
  });

  it('shows the completion and the snatch once the stats stream is consumed', async () => {
    await eventually(async () => {
      const page = await viewer.request('GET', `/releases/${nth(0).release.id}`);
      expect(textOf(page.text, 'snatches')).toBe('1');
      const snatch = firstSnatchRow(page.text);
      expect(snatch).toContain(`<td>${alice.user.username}</td>`);
      expect(snatch).toContain('<td class="num">2.00 MiB</td><td class="num">100.00 MiB</td>');
    }, 10_000);
  });

  it("lists the user's seeding and leeching torrents on the profile", async () => {
    const client = site.client();
    await login(client, bob.user.username, bob.password);
    await eventually(async () => {
      const profile = await client.request('GET', '/account');
      const { seeding, leeching } = myTorrents(profile.text);
      expect(seeding).toContain('You are not seeding anything right now.');
      expect(leeching).toContain(`href="/releases/${nth(0).release.id}">Redis swarm 0</a>`);
      expect(leeching).toContain(`href="/releases/${nth(1).release.id}">Redis swarm 1</a>`);
    }, 10_000);
  });

  it('copies the counts into the torrent rows in one round trip per batch', async () => {
    seen.take();
    const result = await site.app.get(SwarmCountsSync).syncOnce();
    expect(result).toEqual({ torrents: 5, updated: 2 });
    expect(seen.take()).toEqual({ roundTrips: 1, commands: 1 });
    const rows = await site.dataSource.getRepository(Torrent).find({ order: { id: 'ASC' } });
    expect(rows.map((t) => [t.seeders, t.leechers])).toEqual([
      [1, 1],
      [0, 1],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const sorted = await viewer.request('GET', '/browse?q=Redis&sort=leechers&order=desc');
    const [first, second] = ['Redis swarm 0', 'Redis swarm 2'].map((title) => sorted.text.indexOf(title));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(second);
  });
});
