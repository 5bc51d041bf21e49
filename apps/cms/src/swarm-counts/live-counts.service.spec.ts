import { describe, expect, it } from '@jest/globals';
import { MemorySwarmStore, type SwarmStore } from '@tracker/core';
import { LiveCountsService } from './live-counts.service.js';

const HASH_A = 'a'.repeat(40);
const HASH_B = 'b'.repeat(40);

function row(infoHash: string, seeders: number, leechers: number) {
  return { id: infoHash.slice(0, 1), infoHash, seeders, leechers, snatches: 7 };
}

async function seed(store: MemorySwarmStore, infoHash: string, left: number, peer: number): Promise<void> {
  await store.announce({
    infoHash: Buffer.from(infoHash, 'hex'),
    peerId: Buffer.alloc(20, peer),
    peerKey: `peer-${peer}`,
    endpoint: { ip: Buffer.from([10, 0, 0, peer]), port: 6881 },
    event: 'started',
    uploaded: 0n,
    downloaded: 0n,
    left: BigInt(left),
    numWant: 0,
    peerTtlSeconds: 600,
    minIntervalSeconds: 0,
    now: Date.now(),
  });
}

describe('LiveCountsService', () => {
  it('replaces seeders and leechers with the live ones and keeps everything else', async () => {
    const store = new MemorySwarmStore();
    await seed(store, HASH_A, 0, 1);
    await seed(store, HASH_A, 10, 2);
    await seed(store, HASH_A, 10, 3);
    const rows = await new LiveCountsService(store).overlay([row(HASH_A, 9, 9), row(HASH_B, 4, 4)]);
    expect(rows).toEqual([
      { ...row(HASH_A, 1, 2) },
      { ...row(HASH_B, 0, 0) }, // a swarm nobody is in has no peers, whatever the column said
    ]);
  });

  it('asks the store once for a whole page, each hash once', async () => {
    const asked: number[] = [];
    const store = new MemorySwarmStore();
    const counting: SwarmStore = {
      announce: (input) => store.announce(input),
      scrape: (hashes) => store.scrape(hashes),
      close: () => store.close(),
      counts: (hashes) => {
        asked.push(hashes.length);
        return store.counts(hashes);
      },
    };
    await new LiveCountsService(counting).overlay([row(HASH_A, 0, 0), row(HASH_B, 0, 0), row(HASH_A, 0, 0)]);
    expect(asked).toEqual([2]);
  });

  it('keeps the synced column values when the store fails, and ignores malformed hashes', async () => {
    const failing: SwarmStore = {
      announce: () => Promise.reject(new Error('down')),
      scrape: () => Promise.reject(new Error('down')),
      counts: () => Promise.reject(new Error('connection is closed')),
      close: async () => undefined,
    };
    const service = new LiveCountsService(failing);
    expect(await service.overlay([row(HASH_A, 3, 4)])).toEqual([row(HASH_A, 3, 4)]);
    expect(await service.read(['not-a-hash', ''])).toEqual(new Map());
  });
});
