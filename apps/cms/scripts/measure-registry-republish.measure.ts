// How long members get "unknown passkey" after Redis restarts empty: seeds MEMBERS users and
// MEMBERS published torrents (default 100,000 each) into a fresh MariaDB database, runs the
// site's RegistryPublisher against a redis-server of its own, restarts that server empty and
// times, from the restart, the first accepted announce of the LAST member on the LAST torrent
// (the keys the republish writes last). Run by measure-registry-republish.sh; about a minute.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { RegisteredAnnounceResult } from '@tracker/core';
import {
  createKeySchema,
  createRedisClient,
  type RedisClient,
  RedisRegistryStore,
  RedisSwarmStore,
} from '@tracker/redis';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { entities } from '../src/entities.js';
import { RegistryPublisher } from '../src/registry/registry-publisher.js';
import { DEFAULT_REGISTRY_TIMINGS } from '../src/registry/registry-tokens.js';
import { openSiteRedis } from '../src/redis/site-redis.js';
import { type OwnedRedis, reconnected, startOwnedRedis } from '../test/support/redis-server.js';
import { createTestDatabase } from '../test/support/test-database.js';

const MEMBERS = Number(process.env['MEMBERS'] ?? 100_000);
const ROWS_PER_INSERT = 5000;
const keys = createKeySchema('measure-republish');
const say = (line: string) => process.stdout.write(`measure-registry-republish: ${line}\n`);

let drop: () => Promise<void> = async () => undefined;
let dataSource: DataSource;
let server: OwnedRedis;
let probe: RedisClient;
let publisher: RegistryPublisher;

beforeAll(async () => {
  const db = await createTestDatabase();
  drop = db.drop;
  dataSource = new DataSource(
    buildDataSourceOptions({ databaseUrl: db.url, sqlitePath: ':memory:' }, entities),
  );
  await dataSource.initialize();
  const seeding = performance.now();
  await seed(dataSource);
  say(`seeded ${MEMBERS} users and ${MEMBERS} torrents in ${seconds(seeding)} s`);
  server = await startOwnedRedis();
  // Fail-fast like the announcer's own client: an announce during the restart is an error, counted.
  probe = createRedisClient(server.url, { commandTimeoutMs: 2000, errorLog: { warn: () => undefined } });
  await reconnected(probe);
  const store = new RedisRegistryStore(openSiteRedis(server.url, 'cms-registry', 2000), keys);
  publisher = new RegistryPublisher(dataSource, store, DEFAULT_REGISTRY_TIMINGS);
  const booting = performance.now();
  await publisher.onApplicationBootstrap();
  await acceptedAnnounce(30_000);
  say(`first publish into an empty Redis at boot: ${seconds(booting)} s`);
}, 600_000);

afterAll(async () => {
  await publisher?.onApplicationShutdown();
  probe?.disconnect();
  if (dataSource?.isInitialized) await dataSource.destroy();
  await server?.stop();
  await drop();
});

it(`answers the last of ${MEMBERS} members again soon after Redis restarts empty`, async () => {
  const results: number[] = [];
  for (let run = 0; run < 3; run++) {
    await server.restart();
    const restarted = performance.now();
    const refusals = await acceptedAnnounce(60_000);
    results.push(Number(seconds(restarted)));
    say(
      `run ${run + 1}: Redis back -> last member's announce accepted in ${seconds(restarted)} s (${refusals})`,
    );
  }
  say(`median ${results.sort((a, b) => a - b)[1]} s`);
  expect(Math.max(...results)).toBeLessThan(60);
}, 600_000);

/** Announces as the last member until accepted; returns what the announces got meanwhile. */
async function acceptedAnnounce(timeoutMs: number): Promise<string> {
  const swarm = new RedisSwarmStore({ redis: probe, keys, peerTtlSeconds: 600 });
  const refused = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let result: RegisteredAnnounceResult | { status: string; code: string };
    try {
      result = await swarm.announceRegistered(lastMemberAnnounce());
    } catch (err) {
      result = { status: 'refused', code: `error: ${(err as Error).message.slice(0, 40)}` };
    }
    if (result.status === 'ok') break;
    const code = 'code' in result ? result.code : result.status;
    refused.set(code, (refused.get(code) ?? 0) + 1);
    if (Date.now() > deadline) throw new Error(`no accepted announce within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return [...refused].map(([code, n]) => `${n}x ${code}`).join(', ') || 'accepted at once';
}

function lastMemberAnnounce() {
  return {
    passkey: passkeyOf(MEMBERS),
    instance: 'measure',
    infoHash: Buffer.from(infoHashOf(MEMBERS), 'hex'),
    peerId: randomBytes(20),
    endpoint: { ip: Buffer.from([10, 0, 0, 1]), port: 6881 },
    event: 'started' as const,
    uploaded: 0n,
    downloaded: 0n,
    left: 0n,
    numWant: 0,
    peerTtlSeconds: 600,
    minIntervalSeconds: 0,
    now: Date.now(),
  };
}

const passkeyOf = (n: number) => n.toString(16).padStart(32, '0');
const infoHashOf = (n: number) => `f${n.toString(16).padStart(39, '0')}`;
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

/** Multi-row INSERTs; the outbox rows the triggers write are dropped (the boot publishes all). */
async function seed(ds: DataSource): Promise<void> {
  await ds.query("INSERT INTO category (name, slug) VALUES ('Measure', 'measure')");
  for (let first = 1; first <= MEMBERS; first += ROWS_PER_INSERT) {
    const ids = Array.from({ length: Math.min(ROWS_PER_INSERT, MEMBERS - first + 1) }, (_, i) => first + i);
    await ds.query(
      'INSERT INTO `user` (id, username, email, passwordHash, role, passkey, rssKey) VALUES ' +
        ids
          .map((n) => `(${n}, 'm${n}', 'm${n}@example.test', 'x', 'user', '${passkeyOf(n)}', 'r${n}')`)
          .join(','),
    );
    await ds.query(
      'INSERT INTO `release` (id, title, description, categoryId, status, authorId, publishedAt) VALUES ' +
        ids.map((n) => `(${n}, 'r${n}', 'd', 1, 'published', 1, NOW(3))`).join(','),
    );
    await ds.query(
      'INSERT INTO torrent (releaseId, infoHash, name, size, pieceLength, fileCount, files, canonical) VALUES ' +
        ids.map((n) => `(${n}, '${infoHashOf(n)}', 't${n}', 1000, 16384, 1, '[]', 'x')`).join(','),
    );
  }
  await ds.query('DELETE FROM registry_outbox');
}
