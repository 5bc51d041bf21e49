import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodeStatsEntry, RedisStatsSource } from '@tracker/redis';
import {
  DEFAULT_STATS_CONSUMER_OPTIONS,
  StatsLedgerConsumer,
} from '../../src/stats/stats-ledger-consumer.js';
import { User } from '../../src/users/user.entity.js';
import {
  type BridgeDatabase,
  newTorrent,
  newUser,
  openBridgeDatabase,
} from '../registry/support/bridge-database.js';
import { type BridgeRedis, openBridgeRedis, readyRedisClient } from '../registry/support/bridge-redis.js';
import { entry } from './ledger-fixtures.js';
import { quietLogger } from '../support/quiet-logger.js';

const quiet = quietLogger();

describe('stats stream consumer group on Redis (MariaDB)', () => {
  let db: BridgeDatabase;
  let redis: BridgeRedis;
  const sources: RedisStatsSource[] = [];
  const options = { ...DEFAULT_STATS_CONSUMER_OPTIONS, maxDeliveries: 2, housekeepingMs: 0 };

  const source = async (consumer: string, claimIdleMs = 30_000) => {
    const s = new RedisStatsSource(await readyRedisClient(), redis.keys, { consumer, claimIdleMs });
    sources.push(s);
    return s;
  };
  const xadd = (fields: string[]) =>
    redis.redis.xadd(redis.keys.statsStream, '*', ...fields) as Promise<string>;
  const userRow = (id: number) => db.dataSource.getRepository(User).findOneByOrFail({ id });

  beforeAll(async () => {
    db = await openBridgeDatabase('mariadb');
    redis = await openBridgeRedis();
  }, 60_000);

  afterAll(async () => {
    for (const s of sources) await s.close();
    await redis?.cleanup();
    await db?.close();
  });

  it("takes over a dead consumer's pending entries once they idled past the claim time", async () => {
    const a = await newUser(db.dataSource);
    const { torrent } = await newTorrent(db.dataSource);
    await xadd(encodeStatsEntry(entry(a.id, torrent.id, { up: 11 })));
    const dead = await source('dead-site');
    expect(await dead.read(10)).toHaveLength(1); // delivered, then the process "dies"

    const live = new StatsLedgerConsumer(db.dataSource, await source('live-site', 200), options, quiet);
    expect(await live.step()).toBe(false);
    expect(await userRow(a.id)).toMatchObject({ uploaded: 0 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await live.step();

    expect(await userRow(a.id)).toMatchObject({ uploaded: 11 });
    const [pending] = (await redis.redis.xpending(redis.keys.statsStream, 'cms')) as [number];
    expect(pending).toBe(0);
  });

  it('moves a malformed entry to the dead-letter stream with its reason and fields', async () => {
    const id = await xadd(['u', '1', 't', '1', 'h', 'zz', 'e', 'none']);
    const consumer = new StatsLedgerConsumer(db.dataSource, await source('poison-site', 0), options, quiet);
    await consumer.step();
    await consumer.step();
    const dead = (await redis.redis.xrange(redis.keys.statsDeadLetter, '-', '+')) as Array<
      [string, string[]]
    >;
    const fields = dead.at(-1)?.[1] ?? [];
    expect(fields.slice(0, 6)).toEqual([
      'source_id',
      id,
      'reason',
      'malformed: bad info hash',
      'deliveries',
      '2',
    ]);
    expect(fields).toContain('zz');
  });

  it('reports lag: unapplied entries, the age of the oldest, and dead letters', async () => {
    await redis.redis.del(redis.keys.statsStream); // a fresh stream, so an id in the past is accepted
    const s = await source('lag-site');
    const before = await s.lag();
    expect(before.pending).toBe(0);
    await redis.redis.xadd(
      redis.keys.statsStream,
      `${Date.now() - 5000}-0`,
      ...encodeStatsEntry(entry(1, 1)),
    );
    await xadd(encodeStatsEntry(entry(1, 1)));
    const lag = await s.lag();
    expect(lag.pending).toBe(2);
    expect(lag.oldestPendingSeconds).toBeGreaterThanOrEqual(4.5);
    expect(lag.deadLetters).toBe(before.deadLetters);
    await s.read(1);
    expect((await s.lag()).pending).toBe(2); // one delivered but unacknowledged, one not delivered
  });

  it('trims the stream only below what every group has acknowledged', async () => {
    const stream = redis.keys.statsStream;
    await redis.redis.del(stream);
    const a = await newUser(db.dataSource);
    const { torrent } = await newTorrent(db.dataSource);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await xadd(encodeStatsEntry(entry(a.id, torrent.id, { up: 1 }))));
    const cms = await source('trim-site');
    const consumer = new StatsLedgerConsumer(db.dataSource, cms, options, quiet);
    await redis.redis.xgroup('CREATE', stream, 'audit', '0');
    await redis.redis.xreadgroup('GROUP', 'audit', 'auditor', 'COUNT', 2, 'STREAMS', stream, '>');

    while (await consumer.step());
    await consumer.step(); // idle: housekeeping trims
    expect(await redis.redis.xlen(stream)).toBe(5); // "audit" still holds the first two

    await redis.redis.xack(stream, 'audit', ids[0] as string, ids[1] as string);
    await cms.trim();
    expect((await redis.redis.xrange(stream, '-', '+')).map(([id]) => id)).toEqual(ids.slice(1));
  });
});
