import { beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  ClientError,
  decodeBencode,
  MemoryRegistry,
  MemoryStatsLedger,
  MemorySwarmStore,
  RegistryGatedSwarmStore,
} from '@tracker/core';
import { loadAnnouncerConfig } from '../config/announcer-config.js';
import { serveAnnounce } from './announce-service.js';
import type { TrackerDeps } from './tracker-deps.js';

// The embedded (memory) path of a private announce: the registry's grant reaches the store
// (size, peer limit, credit rate) and the store's answers reach the client (issue 11).
const SIZE = 1_000_000n;
const passkey = randomBytes(16).toString('hex');
const hash = randomBytes(20);
let ledger: MemoryStatsLedger;
let deps: TrackerDeps;
let now: number;

beforeEach(async () => {
  ledger = new MemoryStatsLedger();
  const registry = new MemoryRegistry();
  await registry.upsertUser(passkey, { userId: 5, enabled: true, canLeech: true });
  await registry.publishTorrent(hash, { torrentId: 8, freeleech: false, size: Number(SIZE) });
  now = Date.now();
  deps = {
    config: loadAnnouncerConfig({ MIN_INTERVAL: '60' }),
    store: new RegistryGatedSwarmStore(new MemorySwarmStore({ ledger }), registry),
    registry,
    random: Math.random,
    clock: () => now,
  };
});

const pct = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');
function announce(n: number, params: Record<string, string | bigint>) {
  const query = Object.entries({ port: 6881, uploaded: 0n, downloaded: 0n, left: SIZE, ...params })
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('&');
  const peerId = Buffer.from(`-TT0001-${String(n).padStart(12, '0')}`);
  return serveAnnounce(deps, passkey, `info_hash=${pct(hash)}&peer_id=${pct(peerId)}&${query}`, {
    socketAddress: `10.0.0.${n}`,
    forwardedFor: undefined,
  });
}
const credited = async () =>
  (await ledger.read(100)).map((r) => [r.entry.deltaUploaded, r.entry.heldUploaded]);

describe('serveAnnounce on the memory store (embedded mode)', () => {
  it("refuses left beyond the torrent's size with its reason", async () => {
    await expect(announce(1, { left: 50n * SIZE, event: 'started' })).rejects.toEqual(
      new ClientError("left exceeds the torrent's size", 'left_exceeds_size'),
    );
    expect(ledger.pending).toBe(0);
  });

  it('refuses a member its fourth peer on a torrent', async () => {
    for (let n = 1; n <= 3; n++) await announce(n, { event: 'started' });
    await expect(announce(4, { event: 'started' })).rejects.toThrow(
      'too many active peers for this torrent: at most 3',
    );
    expect(ledger.pending).toBe(3);
  });

  it('answers a repeated started too soon and holds an upload faster than MAX_CREDIT_RATE', async () => {
    await announce(1, { event: 'started', left: 0n });
    await announce(2, { event: 'started' });
    const again = await announce(1, { event: 'started', left: 0n, uploaded: 10n ** 15n });
    expect(again.result).toBe('too_soon');
    now += 1000;
    const stop = await announce(1, { event: 'stopped', left: 0n, uploaded: 10n ** 15n });
    expect(decodeBencode(stop.body, { canonical: false })).not.toHaveProperty('failure reason');
    expect(await credited()).toEqual([
      [0n, 0n],
      [0n, 0n],
      [0n, 10n ** 15n],
    ]);
  });
});
