import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createKeySchema,
  createRedisClient,
  encodeStatsEntry,
  type RedisClient,
  RedisStatsSource,
} from '@tracker/redis';
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
import { quietLogger } from '../support/quiet-logger.js';
import { type OwnedRedis, reconnected, startOwnedRedis } from '../support/redis-server.js';
import { entry } from './ledger-fixtures.js';

const keys = createKeySchema('cms-restart');

describe('stats ledger across a Redis restart that lost every key (own redis-server, SQLite)', () => {
  let server: OwnedRedis;
  let db: BridgeDatabase;
  let client: RedisClient;
  let source: RedisStatsSource;
  let consumer: StatsLedgerConsumer;

  const append = (userId: number, torrentId: number, up: number) =>
    client.xadd(keys.statsStream, '*', ...encodeStatsEntry(entry(userId, torrentId, { up })));
  const uploaded = async (id: number) =>
    (await db.dataSource.getRepository(User).findOneByOrFail({ id })).uploaded;

  beforeAll(async () => {
    server = await startOwnedRedis();
    db = await openBridgeDatabase('sqlite');
    client = createRedisClient(server.url, { commandTimeoutMs: 2000 });
    client.on('error', () => undefined); // the restart below refuses reconnects for a moment
    await reconnected(client);
    source = new RedisStatsSource(client, keys, { consumer: 'site-1' });
    consumer = new StatsLedgerConsumer(
      db.dataSource,
      source,
      { ...DEFAULT_STATS_CONSUMER_OPTIONS, housekeepingMs: 0 },
      quietLogger(),
    );
  }, 60_000);

  afterAll(async () => {
    await source?.close();
    await db?.close();
    await server?.stop();
  });

  it('recreates its consumer group and applies what arrived after the restart', async () => {
    const user = await newUser(db.dataSource);
    const { torrent } = await newTorrent(db.dataSource);
    await append(user.id, torrent.id, 5);
    await consumer.step();
    expect(await uploaded(user.id)).toBe(5);

    await server.restart(); // stream and group are gone; the announcers XADD into a new stream
    await reconnected(client);
    for (const up of [10, 20, 30]) await append(user.id, torrent.id, up);

    expect((await source.lag()).pending).toBe(3); // waiting, although no group exists yet
    await consumer.step();
    expect(await uploaded(user.id)).toBe(65);
    expect((await source.lag()).pending).toBe(0);
  }, 30_000);

  it('counts entries of a stream that no group has read yet as pending, without creating one', async () => {
    const fresh = createKeySchema('cms-restart-fresh');
    await client.xadd(fresh.statsStream, '*', ...encodeStatsEntry(entry(1, 1)));
    await client.xadd(fresh.statsStream, '*', ...encodeStatsEntry(entry(1, 1)));
    const lag = await new RedisStatsSource(client, fresh).lag();
    expect(lag.pending).toBe(2);
    expect(lag.oldestPendingSeconds).toBeGreaterThanOrEqual(0);
    expect(await client.call('XINFO', 'GROUPS', fresh.statsStream)).toEqual([]);
  });

  it('trims nothing while its own group is missing, whatever other groups acknowledged', async () => {
    const other = createKeySchema('cms-restart-other');
    for (let i = 0; i < 3; i++) await client.xadd(other.statsStream, '*', ...encodeStatsEntry(entry(1, 1)));
    await client.xgroup('CREATE', other.statsStream, 'audit', '0');
    const read = (await client.xreadgroup('GROUP', 'audit', 'a', 'STREAMS', other.statsStream, '>')) as Array<
      [string, Array<[string, string[]]>]
    >;
    await client.xack(other.statsStream, 'audit', ...(read[0]?.[1] ?? []).map(([id]) => id));
    await new RedisStatsSource(client, other).trim();
    expect(await client.xlen(other.statsStream)).toBe(3);
  });
});
