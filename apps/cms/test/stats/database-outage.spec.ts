import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { encodeStatsEntry, RedisStatsSource } from '@tracker/redis';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { entities } from '../../src/entities.js';
import { RetryLoop } from '../../src/workers/retry-loop.js';
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
import {
  type BridgeRedis,
  readyRedisClient,
  eventually,
  openBridgeRedis,
} from '../registry/support/bridge-redis.js';
import { TcpProxy } from '../registry/support/tcp-proxy.js';
import { entry } from './ledger-fixtures.js';
import { quietLogger } from '../support/quiet-logger.js';

const quiet = quietLogger();

describe('stats ledger consumer while MariaDB is unreachable (Redis stream)', () => {
  let db: BridgeDatabase;
  let redis: BridgeRedis;
  let source: RedisStatsSource;
  let proxy: TcpProxy;
  let viaProxy: DataSource;
  let loop: RetryLoop;

  beforeAll(async () => {
    db = await openBridgeDatabase('mariadb');
    redis = await openBridgeRedis();
    source = new RedisStatsSource(await readyRedisClient(), redis.keys);
    const url = new URL((db.url as string).replace(/^mariadb:/, 'mysql:'));
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 3306) });
    url.port = String(proxy.port);
    viaProxy = new DataSource({
      ...buildDataSourceOptions(
        {
          databaseUrl: url.href.replace(/^mysql:/, 'mariadb:'),
          sqlitePath: ':memory:',
        },
        entities,
      ),
      migrationsRun: false,
      extra: { connectTimeout: 1000 },
    });
    await viaProxy.initialize();
  }, 60_000);

  afterAll(async () => {
    await loop?.stop();
    await proxy?.up().catch(() => undefined);
    if (viaProxy?.isInitialized) await viaProxy.destroy().catch(() => undefined);
    await proxy?.close();
    await source?.close();
    await redis?.cleanup();
    await db?.close();
  });

  it('keeps the entries, backs off without crashing, and applies them exactly once after recovery', async () => {
    const a = await newUser(db.dataSource);
    const { torrent } = await newTorrent(db.dataSource);
    const consumer = new StatsLedgerConsumer(
      viaProxy,
      source,
      { ...DEFAULT_STATS_CONSUMER_OPTIONS, maxDeliveries: 2 },
      quiet,
    );
    loop = new RetryLoop(() => consumer.step(), {
      name: 'test',
      idleMs: 50,
      maxBackoffMs: 300,
      logger: quiet,
    });

    await proxy.down();
    const stream = redis.keys.statsStream;
    await redis.redis.xadd(stream, '*', ...encodeStatsEntry(entry(a.id, torrent.id, { up: 1000, down: 10 })));
    await redis.redis.xadd(
      stream,
      '*',
      ...encodeStatsEntry(entry(a.id, torrent.id, { up: 24, event: 'completed', seeding: true })),
    );
    const pending = async () => (await source.lag()).pending;
    loop.start();
    await eventually(() => expect(loop.failing).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // several failed attempts
    expect(await pending()).toBe(2);
    expect(await redis.redis.xlen(redis.keys.statsDeadLetter)).toBe(0);

    await proxy.up();
    await eventually(async () => expect(await pending()).toBe(0), 10_000);

    expect(await db.dataSource.getRepository(User).findOneByOrFail({ id: a.id })).toMatchObject({
      uploaded: 1024,
      downloaded: 10,
    });
    expect(consumer.progress).toMatchObject({ applied: 2, deadLettered: 0 });
  });
});
