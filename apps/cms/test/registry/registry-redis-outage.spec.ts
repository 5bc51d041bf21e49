import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRedisClient, RedisRegistryStore } from '@tracker/redis';
import { RegistryOutboxDrainer } from '../../src/registry/registry-outbox-drainer.js';
import { RegistryOutbox } from '../../src/registry/registry-outbox.entity.js';
import { RegistryStateRepository } from '../../src/registry/registry-state.repository.js';
import { RetryLoop } from '../../src/workers/retry-loop.js';
import { User } from '../../src/users/user.entity.js';
import { type BridgeDatabase, hex, newUser, openBridgeDatabase } from './support/bridge-database.js';
import { type BridgeRedis, eventually, openBridgeRedis, redisTarget } from './support/bridge-redis.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { quietLogger } from '../support/quiet-logger.js';

const quiet = quietLogger();

describe('registry outbox across a Redis outage (MariaDB, Redis behind a cuttable proxy)', () => {
  let db: BridgeDatabase;
  let redis: BridgeRedis;
  let proxy: TcpProxy;
  let store: RedisRegistryStore;
  let loop: RetryLoop;

  beforeAll(async () => {
    db = await openBridgeDatabase('mariadb');
    redis = await openBridgeRedis();
    proxy = await TcpProxy.start(redisTarget());
    store = new RedisRegistryStore(createRedisClient(`redis://127.0.0.1:${proxy.port}`), redis.keys);
    const drainer = new RegistryOutboxDrainer(
      db.dataSource,
      new RegistryStateRepository(db.dataSource),
      store,
      quiet,
    );
    loop = new RetryLoop(() => drainer.drainBatch(), {
      name: 'test',
      idleMs: 50,
      maxBackoffMs: 400,
      logger: quiet,
    });
    loop.start();
  }, 60_000);

  afterAll(async () => {
    await loop?.stop();
    await store?.close();
    await proxy?.close();
    await redis?.cleanup();
    await db?.close();
  });

  it('keeps every change while Redis is away and publishes the latest state once it is back', async () => {
    const user = await newUser(db.dataSource);
    await eventually(async () =>
      expect(await redis.redis.hget(redis.keys.user(user.passkey), 'id')).toBe(String(user.id)),
    );

    await proxy.down();
    const fresh = hex(16);
    await db.dataSource.getRepository(User).update({ id: user.id }, { passkey: fresh });
    await db.dataSource.getRepository(User).update({ id: user.id }, { canLeech: false });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(loop.failing).toBe(true);
    expect(await db.dataSource.getRepository(RegistryOutbox).count()).toBe(3);

    await proxy.up();
    await eventually(async () => {
      expect(await redis.redis.exists(redis.keys.user(user.passkey))).toBe(0);
      expect(await redis.redis.hgetall(redis.keys.user(fresh))).toEqual({
        id: String(user.id),
        en: '1',
        lc: '0',
      });
      expect(await db.dataSource.getRepository(RegistryOutbox).count()).toBe(0);
    }, 5000);
    expect(loop.failing).toBe(false);
  });
});
