import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  createKeySchema,
  createRedisClient,
  type RedisClient,
  RedisRegistryStore,
  RedisSwarmStore,
} from '@tracker/redis';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { entities } from '../../src/entities.js';
import { RegistryPublisher } from '../../src/registry/registry-publisher.js';
import { openSiteRedis } from '../../src/redis/site-redis.js';
import type { Torrent } from '../../src/torrents/torrent.entity.js';
import type { User } from '../../src/users/user.entity.js';
import { type OwnedRedis, reconnected, startOwnedRedis } from '../support/redis-server.js';
import { type BridgeDatabase, newTorrent, newUser, openBridgeDatabase } from './support/bridge-database.js';
import { eventually } from './support/bridge-redis.js';

const keys = createKeySchema('registry-restart');
const TIMINGS = { pollMs: 100, maxBackoffMs: 1000, reconcileMs: 10 * 60_000, epochCheckMs: 250 };
const MEMBERS = 150;

describe('the registry after Redis restarts empty (own redis-server, MariaDB, two site processes)', () => {
  let server: OwnedRedis;
  let db: BridgeDatabase;
  let otherProcess: DataSource;
  let probe: RedisClient;
  const publishers: RegistryPublisher[] = [];
  const stores: RedisRegistryStore[] = [];
  const users: User[] = [];
  const torrents: Torrent[] = [];

  /** How many of the fixtures' user and torrent keys Redis holds. */
  const published = async () => ({
    users: await probe.exists(...users.map((u) => keys.user(u.passkey))),
    torrents: await probe.exists(...torrents.map((t) => keys.torrent(Buffer.from(t.infoHash, 'hex')))),
  });

  beforeAll(async () => {
    server = await startOwnedRedis();
    // Reconnects after the restart; its failures meanwhile are retried by `eventually`.
    probe = createRedisClient(server.url, { commandTimeoutMs: 2000, errorLog: { warn: () => undefined } });
    await reconnected(probe);
    db = await openBridgeDatabase('mariadb');
    otherProcess = new DataSource({
      ...buildDataSourceOptions({ databaseUrl: db.url, sqlitePath: ':memory:' }, entities),
      migrationsRun: false,
    });
    await otherProcess.initialize();
    for (let i = 0; i < MEMBERS; i++) {
      users.push(await newUser(db.dataSource));
      torrents.push((await newTorrent(db.dataSource)).torrent);
    }
    for (const dataSource of [db.dataSource, otherProcess]) {
      const store = new RedisRegistryStore(openSiteRedis(server.url, 'cms-registry', 2000), keys);
      stores.push(store);
      const publisher = new RegistryPublisher(dataSource, store, TIMINGS);
      publishers.push(publisher);
      await publisher.onApplicationBootstrap();
    }
    await eventually(
      async () => expect(await published()).toEqual({ users: MEMBERS, torrents: MEMBERS }),
      10_000,
    );
  }, 90_000);

  afterAll(async () => {
    for (const publisher of publishers) await publisher.onApplicationShutdown();
    probe?.disconnect();
    if (otherProcess?.isInitialized) await otherProcess.destroy();
    await db?.close();
    await server?.stop();
  });

  it('publishes every member and torrent again within seconds, not at the next reconciliation', async () => {
    await server.restart();
    const back = Date.now();
    await eventually(
      async () => expect(await published()).toEqual({ users: MEMBERS, torrents: MEMBERS }),
      5000,
    );
    expect(Date.now() - back).toBeLessThan(5000);
    expect(await probe.get(keys.registryEpoch)).toMatch(/^[0-9a-f-]{36}$/);
    expect(await probe.ttl(keys.registryHeartbeat)).toBeGreaterThan(0);
  }, 30_000);

  it("accepts the last member's announce on the last torrent once it is back", async () => {
    const swarm = new RedisSwarmStore({ redis: probe, keys, peerTtlSeconds: 600 });
    const last = { user: users.at(-1) as User, torrent: torrents.at(-1) as Torrent };
    const result = await swarm.announceRegistered({
      passkey: last.user.passkey,
      instance: 'test',
      infoHash: Buffer.from(last.torrent.infoHash, 'hex'),
      peerId: randomBytes(20),
      endpoint: { ip: Buffer.from([10, 0, 0, 1]), port: 6881 },
      event: 'started',
      uploaded: 0n,
      downloaded: 0n,
      left: 0n,
      numWant: 10,
      peerTtlSeconds: 600,
      minIntervalSeconds: 0,
      now: Date.now(),
    });
    expect(result.status).toBe('ok');
  });

  it('settles on one epoch: the two site processes do not take turns republishing', async () => {
    const first = await probe.get(keys.registryEpoch);
    expect(first).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 4 * TIMINGS.epochCheckMs));
    expect(await probe.get(keys.registryEpoch)).toBe(first);
  });
});
