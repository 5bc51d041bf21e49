import { describe, it, expect } from '@jest/globals';
import { runSwarmStoreContract } from '../testing/swarm-store-contract.js';
import { MemoryStatsLedger } from './memory-stats-ledger.js';
import { MemorySwarmStore } from './memory-swarm-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';
import { RegistryGatedSwarmStore } from './registry-gated-swarm-store.js';
import type { SwarmAnnounce } from './swarm-store.js';

// The embedded mode's pair: the memory store, gated by the memory registry in private mode.
runSwarmStoreContract('MemorySwarmStore (with MemoryRegistry)', async () => {
  const ledger = new MemoryStatsLedger();
  const registry = new MemoryRegistry();
  const store = new RegistryGatedSwarmStore(new MemorySwarmStore({ ledger }), registry);
  return {
    store,
    registry,
    ledgerEntries: async () => (await ledger.read(Number.MAX_SAFE_INTEGER)).map((r) => r.entry),
    cleanup: () => store.close(),
  };
});

const HASH = Buffer.alloc(20, 1);

function input(n: number, over: Partial<SwarmAnnounce> = {}): SwarmAnnounce {
  return {
    infoHash: HASH,
    peerId: Buffer.from(`-XX0001-${String(n).padStart(12, '0')}`),
    peerKey: `k${n}`,
    endpoint: { ip: Buffer.from([10, 0, n >> 8, n & 0xff]), port: 6881 },
    event: 'started',
    uploaded: 0n,
    downloaded: 0n,
    left: 1n,
    numWant: 50,
    peerTtlSeconds: 60,
    minIntervalSeconds: 0,
    now: 1_000_000,
    ...over,
  };
}

describe('MemorySwarmStore (beyond the contract)', () => {
  it('draws one random number per returned peer, whatever the swarm size', async () => {
    let draws = 0;
    const store = new MemorySwarmStore({
      random: () => {
        draws++;
        return Math.random();
      },
    });
    for (let n = 1; n <= 5000; n++) await store.announce(input(n, { numWant: 0 }));
    draws = 0;
    await store.announce(input(1, { event: 'none', numWant: 50 }));
    expect(draws).toBe(50);
  });

  it('frees swarms whose peers all expired when purged', async () => {
    const store = new MemorySwarmStore({ clock: () => 1_000_000 });
    await store.announce(input(1));
    store.purgeExpired(1_000_000 + 61_000);
    expect(await store.counts([HASH])).toEqual([{ complete: 0, incomplete: 0, downloaded: 0 }]);
    expect((store as unknown as { swarms: Map<string, unknown> }).swarms.size).toBe(0);
  });

  it('leaves the swarm untouched when the ledger refuses an entry', async () => {
    const ledger = new MemoryStatsLedger({ maxEntries: 1 });
    const store = new MemorySwarmStore({ ledger, clock: () => 1_000_000 });
    const context = { userId: 1, torrentId: 1, instance: 'test' };
    await store.announce(input(1, { ledger: context }));
    await expect(store.announce(input(2, { ledger: context }))).rejects.toThrow('stats ledger full');
    expect(await store.scrape([HASH])).toEqual([{ complete: 0, incomplete: 1, downloaded: 0 }]);
  });

  it('refuses a ledger context when it has no ledger, rather than dropping credit', async () => {
    const store = new MemorySwarmStore();
    await expect(
      store.announce(input(1, { ledger: { userId: 1, torrentId: 1, instance: 'x' } })),
    ).rejects.toThrow('no ledger');
  });

  it('refuses an address that is neither 4 nor 16 bytes', async () => {
    const store = new MemorySwarmStore();
    await expect(store.announce(input(1, { endpoint: { ip: Buffer.alloc(5), port: 1 } }))).rejects.toThrow(
      TypeError,
    );
  });
});

describe('MemoryStatsLedger', () => {
  const entry = (userId: number) => ({
    userId,
    torrentId: 1,
    infoHashHex: '00'.repeat(20),
    peerKey: 'k',
    deltaUploaded: 1n,
    deltaDownloaded: 2n,
    heldUploaded: 0n,
    heldDownloaded: 0n,
    heldReason: '' as const,
    left: 0n,
    event: 'none' as const,
    seeding: true,
    timestamp: 0,
    instance: 'i',
  });

  it('hands out entries oldest first until they are acknowledged', async () => {
    const ledger = new MemoryStatsLedger();
    const ids = [1, 2, 3].map((u) => ledger.append(entry(u)));
    const firstTwo = await ledger.read(2);
    expect(firstTwo.map((r) => r.entry.userId)).toEqual([1, 2]);
    expect((await ledger.read(2)).map((r) => r.id)).toEqual(ids.slice(0, 2));
    expect(await ledger.ack([ids[0], 'unknown'])).toBe(1);
    expect((await ledger.read(10)).map((r) => r.entry.userId)).toEqual([2, 3]);
    expect(ledger.pending).toBe(2);
  });
});
