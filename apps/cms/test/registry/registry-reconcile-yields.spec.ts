import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryRegistry, MemoryRegistryStore, type RegistryStore } from '@tracker/core';
import { RegistryPublisher } from '../../src/registry/registry-publisher.js';
import { type BridgeDatabase, newUser, openBridgeDatabase } from './support/bridge-database.js';
import { eventually } from './support/bridge-redis.js';

/**
 * On a shared Redis the reconciliation's SCAN walks every key, swarms included: seconds. The
 * outbox drain must not queue behind that walk, or a registry change waits for it to end.
 */
describe('a long reconciliation does not hold up the outbox drain', () => {
  let db: BridgeDatabase;
  let store: MemoryRegistryStore;
  let publisher: RegistryPublisher;
  let openScan: () => void = () => undefined;

  beforeAll(async () => {
    db = await openBridgeDatabase('sqlite');
    store = new MemoryRegistryStore(new MemoryRegistry());
    const scanGate = new Promise<void>((resolve) => (openScan = resolve));
    publisher = new RegistryPublisher(db.dataSource, scanBlockedUntil(scanGate, store), {
      pollMs: 50,
      maxBackoffMs: 1000,
      reconcileMs: 60_000,
      epochCheckMs: 60_000,
    });
    await publisher.onApplicationBootstrap();
  });

  afterAll(async () => {
    openScan();
    await publisher?.onApplicationShutdown();
    await db?.close();
  });

  it('publishes a new user while the boot reconciliation is still scanning the store', async () => {
    const user = await newUser(db.dataSource);
    publisher.kick();
    await eventually(
      async () => expect((await store.read('user', [user.passkey]))[0]).toMatchObject({ userId: user.id }),
      1000,
    );
  });

  it('still finishes the reconciliation once the scan goes on', async () => {
    openScan();
    await expect(publisher.reconcile()).resolves.toEqual({ repaired: 0, removed: 0 });
  });
});

/**
 * The store, with every scan waiting for `gate`: a keyspace walk that takes as long as the test
 * wants. It claims to hold an epoch, as a Redis that kept the registry does: the boot runs a
 * reconciliation (a store without one would be republished instead).
 */
function scanBlockedUntil(gate: Promise<void>, inner: RegistryStore): RegistryStore {
  return {
    writer: inner.writer,
    digest: (kind, refs) => inner.digest(kind, refs),
    read: (kind, refs) => inner.read(kind, refs),
    writeMany: (entries) => inner.writeMany(entries),
    readEpoch: async () => 'kept',
    claimEpoch: async () => 'kept',
    heartbeat: (ttl) => inner.heartbeat(ttl),
    instance: () => inner.instance(),
    onReconnect: (listener) => inner.onReconnect(listener),
    async *scan(kind) {
      await gate;
      yield* inner.scan(kind);
    },
    ready: () => inner.ready(),
    close: () => inner.close(),
  };
}
