import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryRegistry, MemoryRegistryStore, type RegistryStore } from '@tracker/core';
import { RegistryEpochWatch } from '../../src/registry/registry-epoch.js';
import { RegistryStateRepository } from '../../src/registry/registry-state.repository.js';
import { quietLogger } from '../support/quiet-logger.js';
import { type BridgeDatabase, newTorrent, newUser, openBridgeDatabase } from './support/bridge-database.js';

/** An in-process store whose epoch and restarts the test controls. */
function controlledStore() {
  const inner = new MemoryRegistryStore(new MemoryRegistry());
  let instance = 1;
  let epoch: string | null = null;
  let duringWrite: () => void = () => undefined;
  const store: RegistryStore = {
    writer: inner.writer,
    digest: (kind, refs) => inner.digest(kind, refs),
    read: (kind, refs) => inner.read(kind, refs),
    scan: (kind) => inner.scan(kind),
    async writeMany(entries) {
      duringWrite();
      await inner.writeMany(entries);
    },
    readEpoch: async () => epoch,
    claimEpoch: async (id) => (epoch ??= id),
    heartbeat: async () => undefined,
    instance: async () => `instance-${instance}`,
    onReconnect: () => undefined,
    ready: async () => undefined,
    close: async () => undefined,
  };
  return {
    store,
    inner,
    setEpoch: (value: string | null) => void (epoch = value),
    restartDuringNextWrite() {
      duringWrite = () => {
        duringWrite = () => undefined;
        instance++;
      };
    },
  };
}

describe('RegistryEpochWatch (SQLite, in-process store)', () => {
  let db: BridgeDatabase;
  let passkey: string;

  beforeAll(async () => {
    db = await openBridgeDatabase('sqlite');
    passkey = (await newUser(db.dataSource)).passkey;
    await newTorrent(db.dataSource);
  });

  afterAll(async () => {
    await db?.close();
  });

  const watchOn = (store: RegistryStore, onForeign: () => void = () => undefined) =>
    new RegistryEpochWatch(
      new RegistryStateRepository(db.dataSource),
      store,
      quietLogger(),
      (_busy, task) => task(),
      onForeign,
    );

  it('republishes a store without an epoch, then claims one and leaves it alone', async () => {
    const { store, inner } = controlledStore();
    const watch = watchOn(store);
    expect(await watch.check(5)).toBe('republished');
    expect((await inner.read('user', [passkey]))[0]).not.toBeNull();
    expect(await store.readEpoch()).not.toBeNull();
    expect(await watch.check(5)).toBe('unchanged');
  });

  it('claims no epoch when the store restarted mid-way (a partial registry), and retries', async () => {
    const control = controlledStore();
    const watch = watchOn(control.store);
    control.restartDuringNextWrite();
    await expect(watch.check(5)).rejects.toThrow(/restarted during the republish/);
    expect(await control.store.readEpoch()).toBeNull();
    expect(await watch.check(5)).toBe('republished');
  });

  it("adopts another process's epoch without republishing, and asks for a reconciliation", async () => {
    const control = controlledStore();
    let reconciliations = 0;
    const watch = watchOn(control.store, () => reconciliations++);
    control.setEpoch('first');
    expect(await watch.check(5)).toBe('unchanged');
    control.setEpoch('written-by-another-site-process');
    expect(await watch.check(5)).toBe('adopted');
    expect(await watch.check(5)).toBe('unchanged');
    expect(reconciliations).toBe(1);
    expect((await control.inner.read('user', [passkey]))[0]).toBeNull();
  });
});
