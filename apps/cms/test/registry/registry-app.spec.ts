import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryPublisher } from '../../src/registry/registry-publisher.js';
import { ReleasesService } from '../../src/releases/releases.service.js';
import { UsersService } from '../../src/users/users.service.js';
import { Release } from '../../src/releases/release.entity.js';
import { createTestApp, type TestApp } from '../support/index.js';
import { hex, newTorrent } from './support/bridge-database.js';
import { type BridgeRedis, eventually, openBridgeRedis, TEST_REDIS_URL } from './support/bridge-redis.js';

describe('the running site publishes its registry into Redis (MariaDB)', () => {
  let site: TestApp;
  let redis: BridgeRedis;

  beforeAll(async () => {
    redis = await openBridgeRedis();
    site = await createTestApp({
      database: 'mariadb',
      env: { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `${redis.prefix}:` },
    });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await redis?.cleanup();
  });

  it('shows a new user, a passkey reset (old key gone, new key present), a ban and a leech withdrawal within a second', async () => {
    const users = site.app.get(UsersService);
    const user = await users.create({
      username: 'alice',
      email: 'alice@example.test',
      password: 'correct horse battery',
    });
    const first = await eventually(async () =>
      expect(await redis.redis.hget(redis.keys.user(user.passkey), 'id')).toBe(String(user.id)),
    );
    expect(first).toBeLessThan(1000);
    const fresh = await users.resetPasskey(user.id);
    const second = await eventually(async () => {
      expect(await redis.redis.exists(redis.keys.user(user.passkey))).toBe(0);
      expect(await redis.redis.hget(redis.keys.user(fresh), 'id')).toBe(String(user.id));
    });
    expect(second).toBeLessThan(1000);
    await users.setDisabled(user.id, true);
    await eventually(
      async () => expect(await redis.redis.hget(redis.keys.user(fresh), 'en')).toBe('0'),
      1000,
    );
    await users.setCanLeech(user.id, false);
    await eventually(
      async () => expect(await redis.redis.hget(redis.keys.user(fresh), 'lc')).toBe('0'),
      1000,
    );
  });

  it('shows an unpublished release as unregistered within a second', async () => {
    const { release, torrent } = await newTorrent(site.dataSource);
    const key = redis.keys.torrent(Buffer.from(torrent.infoHash, 'hex'));
    await eventually(async () => expect(await redis.redis.hget(key, 'id')).toBe(String(torrent.id)), 1000);
    await site.dataSource.getRepository(Release).update({ id: release.id }, { status: 'draft' });
    await eventually(async () => expect(await redis.redis.exists(key)).toBe(0), 1000);
    expect(site.app.get(ReleasesService)).toBeDefined();
  });

  it('puts a Redis that restarted empty back in sync with one reconciliation', async () => {
    const users = site.app.get(UsersService);
    const member = await users.create({
      username: `bob${hex(4)}`,
      email: `bob-${hex(4)}@example.test`,
      password: 'correct horse battery',
    });
    await users.setDisabled(member.id, true);
    const { release, torrent } = await newTorrent(site.dataSource);
    await site.dataSource.getRepository(Release).update({ id: release.id }, { status: 'draft' });
    const memberKey = redis.keys.user(member.passkey);
    const torrentKey = redis.keys.torrent(Buffer.from(torrent.infoHash, 'hex'));
    await eventually(async () => {
      expect(await redis.redis.hget(memberKey, 'en')).toBe('0');
      expect(await redis.redis.exists(torrentKey)).toBe(0);
    });

    await redis.redis.del(...(await redis.redis.keys(`${redis.prefix}:reg:*`)));
    const report = await site.app.get(RegistryPublisher).reconcile();

    // Every key it wrote back is one the database wants (whatever other tests left there),
    // and nothing was there to remove.
    const restored = [
      ...(await redis.redis.keys(`${redis.prefix}:reg:user:*`)),
      ...(await redis.redis.keys(`${redis.prefix}:reg:torrent:*`)),
    ];
    expect(report).toEqual({ repaired: restored.length, removed: 0 });
    expect(await redis.redis.hgetall(memberKey)).toMatchObject({ id: String(member.id), en: '0' });
    expect(await redis.redis.exists(torrentKey)).toBe(0);
  });
});
