import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { digestEntries, type RegistryEntry, type RegistryKind } from '../registry/registry-entry.js';
import { writeEntry, type RegistryStore } from '../registry/registry-store.js';

export interface RegistryStoreUnderTest {
  /** A store that holds nothing yet. */
  readonly store: RegistryStore;
  /** Closes the store and drops what the test wrote. */
  close(): Promise<void>;
}

const passkey = () => randomBytes(16).toString('hex');
const infoHash = () => randomBytes(20).toString('hex');

async function scanAll(store: RegistryStore, kind: RegistryKind): Promise<string[]> {
  const refs: string[] = [];
  for await (const page of store.scan(kind)) refs.push(...page);
  return refs.sort();
}

/**
 * Runs the registry store contract (see registry-store.ts) against one adapter: what the
 * site's drain, reconciliation and republish rely on. `open` is called before every test.
 */
export function runRegistryStoreContract(name: string, open: () => Promise<RegistryStoreUnderTest>): void {
  describe(`registry store contract: ${name}`, () => {
    let ctx: RegistryStoreUnderTest;
    let store: RegistryStore;

    beforeEach(async () => {
      ctx = await open();
      store = ctx.store;
      await store.ready();
    });

    afterEach(async () => {
      await ctx?.close();
    });

    it('writes many entries at once, a null grant removing the key, and reads the grants back in order', async () => {
      const [alice, bob, gone] = [passkey(), passkey(), passkey()];
      const [big, plain] = [infoHash(), infoHash()];
      await writeEntry(store.writer, {
        kind: 'user',
        ref: gone,
        grant: { userId: 9, enabled: true, canLeech: true },
      });
      await store.writeMany([
        { kind: 'user', ref: alice, grant: { userId: 1, enabled: true, canLeech: false } },
        { kind: 'user', ref: bob, grant: { userId: 2, enabled: false, canLeech: true } },
        { kind: 'user', ref: gone, grant: null },
        { kind: 'torrent', ref: big, grant: { torrentId: 3, freeleech: true, size: 2 ** 52 } },
        { kind: 'torrent', ref: plain, grant: { torrentId: 4, freeleech: false } },
      ]);
      expect(await store.read('user', [bob, gone, alice, passkey()])).toEqual([
        { userId: 2, enabled: false, canLeech: true },
        null,
        { userId: 1, enabled: true, canLeech: false },
        null,
      ]);
      expect(await store.read('torrent', [plain, big])).toEqual([
        { torrentId: 4, freeleech: false },
        { torrentId: 3, freeleech: true, size: 2 ** 52 },
      ]);
    });

    it('digests what it holds exactly as digestEntries digests what the site wants', async () => {
      const users: RegistryEntry[] = [
        { kind: 'user', ref: passkey(), grant: { userId: 11, enabled: true, canLeech: true } },
        { kind: 'user', ref: passkey(), grant: null },
        { kind: 'user', ref: passkey(), grant: { userId: 12, enabled: false, canLeech: false } },
      ];
      const torrents: RegistryEntry[] = [
        { kind: 'torrent', ref: infoHash(), grant: { torrentId: 21, freeleech: false, size: 1_000_000 } },
        { kind: 'torrent', ref: infoHash(), grant: { torrentId: 22, freeleech: true } },
      ];
      await store.writeMany([...users, ...torrents]);
      expect(
        await store.digest(
          'user',
          users.map((e) => e.ref),
        ),
      ).toBe(digestEntries(users));
      expect(
        await store.digest(
          'torrent',
          torrents.map((e) => e.ref),
        ),
      ).toBe(digestEntries(torrents));
      const changed: RegistryEntry = {
        kind: 'user',
        ref: (users[0] as RegistryEntry).ref,
        grant: { userId: 11, enabled: false, canLeech: true },
      };
      expect(await store.digest('user', [changed.ref])).not.toBe(digestEntries([changed]));
    });

    it('scans every ref it holds, once, and none it removed', async () => {
      const kept = [passkey(), passkey()];
      const removed = passkey();
      const torrent = infoHash();
      for (const ref of [...kept, removed])
        await writeEntry(store.writer, {
          kind: 'user',
          ref,
          grant: { userId: 5, enabled: true, canLeech: true },
        });
      await writeEntry(store.writer, { kind: 'user', ref: removed, grant: null });
      await writeEntry(store.writer, {
        kind: 'torrent',
        ref: torrent,
        grant: { torrentId: 6, freeleech: false },
      });
      expect(await scanAll(store, 'user')).toEqual([...kept].sort());
      expect(await scanAll(store, 'torrent')).toEqual([torrent]);
    });

    it('holds no epoch at first, then keeps the first one claimed', async () => {
      expect(await store.readEpoch()).toBeNull();
      expect(await store.claimEpoch('first')).toBe('first');
      expect(await store.claimEpoch('second')).toBe('first');
      expect(await store.readEpoch()).toBe('first');
      await store.heartbeat(5);
    });

    it('names the same running instance each time it is asked', async () => {
      const instance = await store.instance();
      expect(instance).not.toBe('');
      expect(await store.instance()).toBe(instance);
    });
  });
}
