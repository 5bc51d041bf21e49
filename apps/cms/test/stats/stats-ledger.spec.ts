import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryStatsLedger, MemoryStatsSource, type StatsEntry, type StatsSource } from '@tracker/core';
import { encodeStatsEntry, RedisStatsSource } from '@tracker/redis';
import { Release } from '../../src/releases/release.entity.js';
import { CreditHold } from '../../src/stats/credit-hold.entity.js';
import { PeerActivity } from '../../src/stats/peer-activity.entity.js';
import {
  DEFAULT_STATS_CONSUMER_OPTIONS,
  StatsLedgerConsumer,
} from '../../src/stats/stats-ledger-consumer.js';
import { Snatch } from '../../src/torrents/snatch.entity.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';
import { User } from '../../src/users/user.entity.js';
import {
  type BridgeDatabase,
  newTorrent,
  newUser,
  openBridgeDatabase,
} from '../registry/support/bridge-database.js';
import { type BridgeRedis, openBridgeRedis, readyRedisClient } from '../registry/support/bridge-redis.js';
import { T0, entry } from './ledger-fixtures.js';
import { quietLogger } from '../support/quiet-logger.js';

const quiet = quietLogger();

interface Ledger {
  append(e: StatsEntry): Promise<void>;
  /** A source as a (re)started site process would open it. */
  source(options?: { claimIdleMs?: number }): Promise<StatsSource>;
  deadLetters(): Promise<number>;
  close(): Promise<void>;
}

interface Setup {
  readonly name: string;
  open(): Promise<{ db: BridgeDatabase; ledger: Ledger }>;
}

const setups: Setup[] = [
  {
    name: 'MariaDB and the Redis stream',
    async open() {
      const db = await openBridgeDatabase('mariadb');
      const redis = await openBridgeRedis();
      return { db, ledger: redisLedger(redis, db) };
    },
  },
  {
    name: 'SQLite and the in-process ledger',
    async open() {
      const db = await openBridgeDatabase('sqlite');
      const memory = new MemoryStatsLedger();
      const source = new MemoryStatsSource(memory);
      return {
        db,
        ledger: {
          append: async (e) => void memory.append(e),
          // One process: a "restarted" consumer reads the same in-process ledger and applied table.
          source: async () => source,
          deadLetters: async () => (await source.lag()).deadLetters,
          close: () => db.close(),
        },
      };
    },
  },
];

function redisLedger(redis: BridgeRedis, db: BridgeDatabase): Ledger {
  const opened: StatsSource[] = [];
  return {
    append: async (e) => void (await redis.redis.xadd(redis.keys.statsStream, '*', ...encodeStatsEntry(e))),
    source: async (options = {}) => {
      const source = new RedisStatsSource(await readyRedisClient(), redis.keys, {
        claimIdleMs: options.claimIdleMs ?? 30_000,
      });
      opened.push(source);
      return source;
    },
    deadLetters: () => redis.redis.xlen(redis.keys.statsDeadLetter),
    close: async () => {
      for (const s of opened) await s.close();
      await redis.cleanup();
      await db.close();
    },
  };
}

describe.each(setups)('stats ledger consumer on $name', (setup) => {
  let db: BridgeDatabase;
  let ledger: Ledger;
  const options = { ...DEFAULT_STATS_CONSUMER_OPTIONS, maxDeliveries: 3 };

  const consumerOn = (source: StatsSource) => new StatsLedgerConsumer(db.dataSource, source, options, quiet);
  const runUntilIdle = async (consumer: StatsLedgerConsumer) => {
    for (let i = 0; i < 20 && (await consumer.step()); i++);
  };
  const userRow = (id: number) => db.dataSource.getRepository(User).findOneByOrFail({ id });
  const snatchRow = (userId: number, torrentId: number) =>
    db.dataSource.getRepository(Snatch).findOneBy({ userId, torrentId });

  beforeAll(async () => {
    ({ db, ledger } = await setup.open());
  }, 60_000);

  afterAll(async () => {
    await ledger?.close();
  });

  it('credits users, snatches and completions from one batch, not counting freeleech downloads', async () => {
    const a = await newUser(db.dataSource);
    const b = await newUser(db.dataSource);
    const { torrent: normal } = await newTorrent(db.dataSource);
    const { torrent: free } = await newTorrent(db.dataSource, { freeleech: true });
    for (const e of [
      entry(a.id, normal.id, { event: 'started', at: T0 }),
      entry(a.id, normal.id, { up: 10, down: 100, at: T0 + 30_000 }),
      entry(a.id, normal.id, { down: 50, event: 'completed', seeding: true, at: T0 + 60_000 }),
      entry(a.id, normal.id, { up: 5, seeding: true, at: T0 + 120_000 }),
      entry(a.id, normal.id, { up: 1, event: 'stopped', seeding: true, at: T0 + 150_000 }),
      entry(b.id, free.id, { up: 1, down: 1000, event: 'started', at: T0 }),
    ])
      await ledger.append(e);

    await runUntilIdle(consumerOn(await ledger.source()));

    expect(await userRow(a.id)).toMatchObject({ uploaded: 16, downloaded: 150 });
    expect(await userRow(b.id)).toMatchObject({ uploaded: 1, downloaded: 0 });
    expect(await snatchRow(a.id, normal.id)).toMatchObject({
      uploaded: 16,
      downloaded: 150,
      completedAt: new Date(T0 + 60_000),
      seedingSeconds: 90,
      lastSeen: new Date(T0 + 150_000),
    });
    expect(await snatchRow(b.id, free.id)).toMatchObject({
      downloaded: 1000,
      completedAt: null,
      seedingSeconds: 0,
    });
    expect(await db.dataSource.getRepository(Torrent).findOneByOrFail({ id: normal.id })).toMatchObject({
      completed: 1,
    });
    expect(
      await db.dataSource.getRepository(PeerActivity).findOneBy({ userId: a.id, torrentId: normal.id }),
    ).toMatchObject({
      state: 'stopped',
    });
    expect(
      await db.dataSource.getRepository(PeerActivity).findOneBy({ userId: b.id, torrentId: free.id }),
    ).toMatchObject({
      state: 'leeching',
    });
  });

  it('counts a second completion by the same user once, and reads freeleech at apply time', async () => {
    const a = await newUser(db.dataSource);
    const { release, torrent } = await newTorrent(db.dataSource);
    await ledger.append(entry(a.id, torrent.id, { down: 7, event: 'completed', seeding: true }));
    await runUntilIdle(consumerOn(await ledger.source()));
    await db.dataSource.getRepository(Release).update({ id: release.id }, { freeleech: true });
    await ledger.append(
      entry(a.id, torrent.id, { down: 9, event: 'completed', seeding: true, at: T0 + 1000 }),
    );
    await runUntilIdle(consumerOn(await ledger.source()));
    expect(await userRow(a.id)).toMatchObject({ downloaded: 7 });
    expect(await snatchRow(a.id, torrent.id)).toMatchObject({ downloaded: 16, completedAt: new Date(T0) });
    expect(await db.dataSource.getRepository(Torrent).findOneByOrFail({ id: torrent.id })).toMatchObject({
      completed: 1,
    });
  });

  it('skips a batch re-delivered after a crash between the commit and the acknowledgement', async () => {
    const a = await newUser(db.dataSource);
    const { torrent } = await newTorrent(db.dataSource);
    await ledger.append(entry(a.id, torrent.id, { up: 300, down: 30 }));
    const crashing = ackFailsOnce(await ledger.source({ claimIdleMs: 0 }));
    await expect(consumerOn(crashing).step()).rejects.toThrow('crash before XACK');
    expect(await userRow(a.id)).toMatchObject({ uploaded: 300, downloaded: 30 });

    const restarted = consumerOn(await ledger.source({ claimIdleMs: 0 }));
    await runUntilIdle(restarted);

    expect(restarted.progress).toMatchObject({ applied: 0, duplicates: 1 });
    expect(await userRow(a.id)).toMatchObject({ uploaded: 300, downloaded: 30 });
    expect((await (await ledger.source()).lag()).pending).toBe(0);
  });

  it('credits the members of a deleted release, dropping only its torrent counters and snatches', async () => {
    const a = await newUser(db.dataSource);
    const b = await newUser(db.dataSource);
    const { release, torrent } = await newTorrent(db.dataSource, { freeleech: true });
    const { torrent: kept } = await newTorrent(db.dataSource);
    const deadBefore = await ledger.deadLetters();
    await db.dataSource.transaction(async (em) => {
      await em.delete(Torrent, { releaseId: release.id }); // as ReleasesService.delete does
      await em.delete(Release, { id: release.id });
    });
    await ledger.append(entry(a.id, torrent.id, { up: 70, down: 30, event: 'completed', seeding: true }));
    await ledger.append(entry(b.id, torrent.id, { up: 5, down: 1 }));
    await ledger.append(entry(a.id, kept.id, { up: 2, down: 3 }));

    const consumer = consumerOn(await ledger.source({ claimIdleMs: 0 }));
    for (let i = 0; i < options.maxDeliveries + 1; i++) await consumer.step();

    // The freeleech flag went with the release: downloaded counts in full.
    expect(await userRow(a.id)).toMatchObject({ uploaded: 72, downloaded: 33 });
    expect(await userRow(b.id)).toMatchObject({ uploaded: 5, downloaded: 1 });
    expect(await snatchRow(a.id, torrent.id)).toBeNull();
    expect(
      await db.dataSource.getRepository(PeerActivity).findOneBy({ userId: a.id, torrentId: torrent.id }),
    ).toBeNull();
    expect(await snatchRow(a.id, kept.id)).toMatchObject({ uploaded: 2, downloaded: 3 });
    expect(consumer.progress).toMatchObject({ applied: 3, deadLettered: 0 });
    expect(await ledger.deadLetters()).toBe(deadBefore);
  });

  it('records one credit hold per entry that held credit, once across a redelivery, crediting none of it', async () => {
    const a = await newUser(db.dataSource);
    const { torrent } = await newTorrent(db.dataSource);
    const { release: gone, torrent: deleted } = await newTorrent(db.dataSource);
    await ledger.append(
      entry(a.id, torrent.id, { up: 10, down: 5, held: { up: 9000, reason: 'too_fast,no_leechers' } }),
    );
    await ledger.append(entry(a.id, torrent.id, { up: 1 }));
    await ledger.append(
      entry(a.id, deleted.id, { down: 2, held: { down: 7000, reason: 'over_size' }, at: T0 + 1 }),
    );
    await db.dataSource.transaction(async (em) => {
      await em.delete(Torrent, { releaseId: gone.id });
      await em.delete(Release, { id: gone.id });
    });
    const crashing = ackFailsOnce(await ledger.source({ claimIdleMs: 0 }));
    await expect(consumerOn(crashing).step()).rejects.toThrow('crash before XACK');
    const restarted = consumerOn(await ledger.source({ claimIdleMs: 0 }));
    await runUntilIdle(restarted);

    expect(restarted.progress).toMatchObject({ applied: 0, duplicates: 3, held: 0 });
    expect(await userRow(a.id)).toMatchObject({ uploaded: 11, downloaded: 7 });
    expect(await snatchRow(a.id, torrent.id)).toMatchObject({ uploaded: 11, downloaded: 5 });
    const holds = await db.dataSource
      .getRepository(CreditHold)
      .find({ where: { userId: a.id }, order: { id: 'ASC' } });
    expect(holds).toEqual([
      expect.objectContaining({
        torrentId: torrent.id,
        heldUploaded: 9000,
        heldDownloaded: 0,
        reason: 'too_fast,no_leechers',
        announcedAt: new Date(T0),
        instance: 'announcer-test',
      }),
      expect.objectContaining({
        torrentId: null,
        heldUploaded: 0,
        heldDownloaded: 7000,
        reason: 'over_size',
      }),
    ]);
    expect(holds[0]?.infoHash).toMatch(/^[0-9a-f]{40}$/);
  });

  it('dead-letters an entry for an unknown user after the allowed deliveries, applying the rest once', async () => {
    const a = await newUser(db.dataSource);
    const { torrent } = await newTorrent(db.dataSource);
    const deadBefore = await ledger.deadLetters();
    await ledger.append(entry(999_999, torrent.id, { up: 1 }));
    await ledger.append(entry(a.id, torrent.id, { up: 42 }));
    const consumer = consumerOn(await ledger.source({ claimIdleMs: 0 }));
    for (let i = 0; i < options.maxDeliveries + 1; i++) await consumer.step();
    expect(await ledger.deadLetters()).toBe(deadBefore + 1);
    expect(consumer.progress.deadLettered).toBe(1);
    expect(await userRow(a.id)).toMatchObject({ uploaded: 42 });
    expect((await (await ledger.source()).lag()).pending).toBe(0);
  });
});

/** A source whose first acknowledgement fails, as if the process died right after the commit. */
function ackFailsOnce(source: StatsSource): StatsSource {
  let failed = false;
  return new Proxy(source, {
    get(target, prop, receiver) {
      if (prop === 'ack' && !failed) {
        return async () => {
          failed = true;
          throw new Error('crash before XACK');
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
