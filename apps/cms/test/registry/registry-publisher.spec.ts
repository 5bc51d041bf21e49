import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  digestEntries,
  MemoryRegistry,
  MemoryRegistryStore,
  type RegistryStore,
  type RegistryWriter,
} from '@tracker/core';
import { createRedisClient, RedisRegistryStore } from '@tracker/redis';
import { RegistryOutboxDrainer } from '../../src/registry/registry-outbox-drainer.js';
import { RegistryOutbox } from '../../src/registry/registry-outbox.entity.js';
import { RegistryReconciler } from '../../src/registry/registry-reconciler.js';
import { RegistryStateRepository } from '../../src/registry/registry-state.repository.js';
import { Release } from '../../src/releases/release.entity.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';
import { User } from '../../src/users/user.entity.js';
import {
  type BridgeDatabase,
  hex,
  newTorrent,
  newUser,
  openBridgeDatabase,
} from './support/bridge-database.js';
import { TEST_REDIS_URL, openBridgeRedis } from './support/bridge-redis.js';
import { quietLogger } from '../support/quiet-logger.js';

const logger = quietLogger();

interface Setup {
  readonly name: string;
  open(): Promise<{
    db: BridgeDatabase;
    store: RegistryStore;
    flush(): Promise<void>;
    close(): Promise<void>;
  }>;
}

const setups: Setup[] = [
  {
    name: 'MariaDB and Redis',
    async open() {
      const db = await openBridgeDatabase('mariadb');
      const redis = await openBridgeRedis();
      const store = new RedisRegistryStore(createRedisClient(TEST_REDIS_URL), redis.keys);
      return {
        db,
        store,
        flush: async () => {
          const found = await redis.redis.keys(`${redis.prefix}:reg:*`);
          if (found.length > 0) await redis.redis.del(...found);
        },
        close: async () => {
          await store.close();
          await redis.cleanup();
          await db.close();
        },
      };
    },
  },
  {
    name: 'SQLite and the in-process registry',
    async open() {
      const db = await openBridgeDatabase('sqlite');
      const store = new MemoryRegistryStore(new MemoryRegistry());
      return {
        db,
        store,
        flush: async () => {
          for (const kind of ['user', 'torrent'] as const) {
            for await (const page of store.scan(kind)) {
              for (const ref of page) {
                if (kind === 'user') await store.writer.removeUser(ref);
                else await store.writer.unpublishTorrent(Buffer.from(ref, 'hex'));
              }
            }
          }
        },
        close: () => db.close(),
      };
    },
  },
];

describe.each(setups)('registry publisher on $name', (setup) => {
  let ctx: Awaited<ReturnType<Setup['open']>>;
  let drainer: RegistryOutboxDrainer;
  let reconciler: RegistryReconciler;

  const outboxRows = () => ctx.db.dataSource.getRepository(RegistryOutbox).find({ order: { id: 'ASC' } });
  const drainAll = async () => {
    while (await drainer.drainBatch());
  };
  const userGrant = async (passkey: string) => (await ctx.store.read('user', [passkey]))[0];
  const torrentGrant = async (hash: string) => (await ctx.store.read('torrent', [hash]))[0];

  beforeAll(async () => {
    ctx = await setup.open();
    const state = new RegistryStateRepository(ctx.db.dataSource);
    drainer = new RegistryOutboxDrainer(ctx.db.dataSource, state, ctx.store, logger);
    reconciler = new RegistryReconciler(state, ctx.store, logger);
  }, 60_000);

  afterAll(async () => {
    await ctx?.close();
  });

  beforeEach(async () => {
    await drainAll();
  });

  it('writes the outbox row in the same transaction as the change: a rollback leaves none', async () => {
    const passkey = hex(16);
    await expect(
      ctx.db.dataSource.transaction(async (em) => {
        await em.save(em.create(User, { ...(await template()), passkey }));
        expect((await em.find(RegistryOutbox)).map((r) => r.ref)).toContain(passkey);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await outboxRows()).map((r) => r.ref)).not.toContain(passkey);
    await ctx.db.dataSource.transaction(async (em) => {
      await em.save(em.create(User, { ...(await template()), passkey }));
    });
    expect((await outboxRows()).filter((r) => r.ref === passkey)).toHaveLength(1);
  });

  it('writes no outbox row for ratio or swarm counter updates', async () => {
    const user = await newUser(ctx.db.dataSource);
    const { torrent } = await newTorrent(ctx.db.dataSource);
    await drainAll();
    await ctx.db.dataSource.getRepository(User).update({ id: user.id }, { uploaded: 5, downloaded: 7 });
    await ctx.db.dataSource.getRepository(Torrent).update({ id: torrent.id }, { completed: 3, seeders: 2 });
    expect(await outboxRows()).toEqual([]);
  });

  it('publishes a new user, and a passkey reset removes the old key and adds the new one', async () => {
    const user = await newUser(ctx.db.dataSource);
    await drainAll();
    expect(await userGrant(user.passkey)).toEqual({ userId: user.id, enabled: true, canLeech: true });
    const fresh = hex(16);
    await ctx.db.dataSource.getRepository(User).update({ id: user.id }, { passkey: fresh });
    await drainAll();
    expect(await userGrant(user.passkey)).toBeNull();
    expect(await userGrant(fresh)).toEqual({ userId: user.id, enabled: true, canLeech: true });
    expect(await outboxRows()).toEqual([]);
  });

  it('publishes disabling a user and withdrawing leeching, and removes a deleted user', async () => {
    const user = await newUser(ctx.db.dataSource);
    const users = ctx.db.dataSource.getRepository(User);
    await users.update({ id: user.id }, { disabled: true });
    await drainAll();
    expect(await userGrant(user.passkey)).toEqual({ userId: user.id, enabled: false, canLeech: true });
    await users.update({ id: user.id }, { disabled: false, canLeech: false });
    await drainAll();
    expect(await userGrant(user.passkey)).toEqual({ userId: user.id, enabled: true, canLeech: false });
    await users.delete({ id: user.id });
    await drainAll();
    expect(await userGrant(user.passkey)).toBeNull();
  });

  it('publishes only published torrents, a hybrid under its truncated v2 hash too, and follows freeleech', async () => {
    const { release, torrent } = await newTorrent(ctx.db.dataSource, { published: false, hybrid: true });
    const v2 = (torrent.infoHashV2 as string).slice(0, 40);
    await drainAll();
    expect(await torrentGrant(torrent.infoHash)).toBeNull();
    const releases = ctx.db.dataSource.getRepository(Release);
    await releases.update({ id: release.id }, { status: 'published' });
    await drainAll();
    // With its size: the announcer checks `left` and credited downloads against it (issue 11).
    const grant = { torrentId: torrent.id, freeleech: false, size: torrent.size };
    expect(await torrentGrant(torrent.infoHash)).toEqual(grant);
    expect(await torrentGrant(v2)).toEqual(grant);
    await releases.update({ id: release.id }, { freeleech: true });
    await drainAll();
    expect(await torrentGrant(v2)).toEqual({ ...grant, freeleech: true });
    await releases.update({ id: release.id }, { status: 'draft' });
    await drainAll();
    expect(await torrentGrant(torrent.infoHash)).toBeNull();
    expect(await torrentGrant(v2)).toBeNull();
  });

  it('unpublishes a deleted release, also when its torrent goes by the foreign-key cascade', async () => {
    const a = await newTorrent(ctx.db.dataSource);
    const b = await newTorrent(ctx.db.dataSource, { hybrid: true });
    await drainAll();
    expect(await torrentGrant(a.torrent.infoHash)).not.toBeNull();
    await ctx.db.dataSource.transaction(async (em) => {
      await em.delete(Torrent, { releaseId: a.release.id });
      await em.delete(Release, { id: a.release.id });
    });
    await ctx.db.dataSource.query('DELETE FROM `release` WHERE id = ?', [b.release.id]);
    await drainAll();
    expect(await torrentGrant(a.torrent.infoHash)).toBeNull();
    expect(await torrentGrant(b.torrent.infoHash)).toBeNull();
    expect(await torrentGrant((b.torrent.infoHashV2 as string).slice(0, 40))).toBeNull();
  });

  it('keeps outbox rows until the store acknowledges, then publishes them in order', async () => {
    const failing = failingStore(ctx.store);
    const state = new RegistryStateRepository(ctx.db.dataSource);
    const flaky = new RegistryOutboxDrainer(ctx.db.dataSource, state, failing.store, logger);
    const user = await newUser(ctx.db.dataSource);
    await ctx.db.dataSource.getRepository(User).update({ id: user.id }, { canLeech: false });
    failing.down = true;
    await expect(flaky.drainBatch()).rejects.toThrow('store down');
    expect((await outboxRows()).filter((r) => r.ref === user.passkey)).toHaveLength(2);
    failing.down = false;
    while (await flaky.drainBatch());
    expect(await outboxRows()).toEqual([]);
    expect(await userGrant(user.passkey)).toEqual({ userId: user.id, enabled: true, canLeech: false });
  });

  it('reconciliation repairs a flushed registry, wrong grants and stray keys, then finds nothing', async () => {
    const users = await Promise.all([1, 2, 3].map(() => newUser(ctx.db.dataSource)));
    const torrents = await Promise.all([1, 2].map(() => newTorrent(ctx.db.dataSource, { hybrid: true })));
    await drainAll();
    await ctx.flush();
    await ctx.store.writer.upsertUser((users[0] as User).passkey, {
      userId: 999,
      enabled: true,
      canLeech: true,
    });
    const strayPasskey = hex(16);
    const strayHash = hex(20);
    await ctx.store.writer.upsertUser(strayPasskey, { userId: 4242, enabled: true, canLeech: true });
    await ctx.store.writer.publishTorrent(Buffer.from(strayHash, 'hex'), {
      torrentId: 4242,
      freeleech: true,
    });

    const report = await reconciler.reconcile();

    expect(report.removed).toBe(2);
    expect(report.repaired).toBeGreaterThanOrEqual(users.length + 2 * torrents.length);
    for (const user of users) expect(await userGrant(user.passkey)).toMatchObject({ userId: user.id });
    for (const { torrent } of torrents) {
      expect(await torrentGrant(torrent.infoHash)).toMatchObject({ torrentId: torrent.id });
      expect(await torrentGrant((torrent.infoHashV2 as string).slice(0, 40))).toMatchObject({
        torrentId: torrent.id,
      });
    }
    expect(await userGrant(strayPasskey)).toBeNull();
    expect(await torrentGrant(strayHash)).toBeNull();
    expect(await reconciler.reconcile()).toEqual({ repaired: 0, removed: 0 });
  });

  it("computes the store's chunk digest exactly as the database side does, so synced chunks cost one call", async () => {
    await newUser(ctx.db.dataSource);
    await newTorrent(ctx.db.dataSource, { hybrid: true });
    await drainAll();
    const state = new RegistryStateRepository(ctx.db.dataSource);
    const users = (await state.userChunk(0, 1000)).entries;
    const torrents = (await state.torrentChunk(0, 1000)).entries;
    const usersDigest = await ctx.store.digest(
      'user',
      users.map((e) => e.ref),
    );
    expect(usersDigest).toBe(digestEntries(users));
    expect(
      await ctx.store.digest(
        'torrent',
        torrents.map((e) => e.ref),
      ),
    ).toBe(digestEntries(torrents));
    await ctx.store.writer.upsertUser(users[0]?.ref as string, {
      userId: 1,
      enabled: false,
      canLeech: false,
    });
    expect(
      await ctx.store.digest(
        'user',
        users.map((e) => e.ref),
      ),
    ).not.toBe(usersDigest);
    await reconciler.reconcile();
  });

  async function template(): Promise<Partial<User>> {
    const name = `t${hex(5)}`;
    return { username: name, email: `${name}@example.test`, passwordHash: 'x', rssKey: hex(16) };
  }
});

/** Wraps a store so a test can make every write fail, as an unreachable Redis would. */
function failingStore(inner: RegistryStore): { store: RegistryStore; down: boolean } {
  const control = { down: false, store: inner };
  const guard =
    <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      if (control.down) throw new Error('store down');
      await fn(...args);
    };
  const writer: RegistryWriter = {
    upsertUser: guard((p, g) => inner.writer.upsertUser(p, g)),
    removeUser: guard((p) => inner.writer.removeUser(p)),
    publishTorrent: guard((h, g) => inner.writer.publishTorrent(h, g)),
    unpublishTorrent: guard((h) => inner.writer.unpublishTorrent(h)),
  };
  control.store = {
    ...inner,
    writer,
    digest: inner.digest.bind(inner),
    read: inner.read.bind(inner),
  } as RegistryStore;
  return control;
}
