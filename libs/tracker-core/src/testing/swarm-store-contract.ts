import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type {
  AnnounceEvent,
  HeldReason,
  StatsEntry,
  SwarmAnnounce,
  SwarmAnnounceAccepted,
  SwarmAnnounceResult,
  SwarmPeer,
} from '../swarm/swarm-store.js';
import type { RegistryWriter } from '../registry/registry.js';
import type { RegisteredSwarmStore } from '../swarm/registered-swarm-store.js';
import { registeredAnnounceCases } from './registered-announce-cases.js';

export interface SwarmStoreUnderTest {
  /** A store that also takes private-mode announces (`RegistryGatedSwarmStore` wraps one that does not). */
  readonly store: RegisteredSwarmStore;
  /** Writes the registry the store's `announceRegistered` reads. */
  readonly registry: RegistryWriter;
  /** Every ledger entry the store appended, oldest first. Required: the ledger lines fail without it. */
  readonly ledgerEntries?: () => Promise<StatsEntry[]>;
  cleanup(): Promise<void>;
}

const TTL = 1800;
const MIN_INTERVAL = 300;
/** The announcer's default MAX_CREDIT_RATE: 128 MiB/s. */
const RATE = 134_217_728;
const SECOND = 1000;

/** A peer of the test swarm: `n` picks its identity, address and peer id. */
interface TestPeer {
  readonly n: number;
  readonly family?: 4 | 6;
}

function ipOf(n: number, family: 4 | 6): Buffer {
  if (family === 4) return Buffer.from([10, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  const ip = Buffer.alloc(16);
  ip.writeUInt16BE(0x2001, 0);
  ip.writeUInt16BE(0x0db8, 2);
  ip.writeUInt32BE(n, 12);
  return ip;
}

function peerIdOf(n: number): Buffer {
  return Buffer.from(`-XX0001-${String(n).padStart(12, '0')}`, 'latin1');
}

function portOf(n: number): number {
  return 1024 + (n % 60000);
}

/**
 * Runs the SwarmStore contract (see swarm-store.ts) against a store. `makeStore` is called
 * before every test and must return an empty, isolated store; `cleanup` runs after it.
 * Announces use `now` values near the wall clock, because `scrape` uses the store's clock.
 */
export function runSwarmStoreContract(name: string, makeStore: () => Promise<SwarmStoreUnderTest>): void {
  describe(`SwarmStore contract: ${name}`, () => {
    let ctx: SwarmStoreUnderTest;
    let infoHash: Buffer;
    let t0: number;

    beforeEach(async () => {
      ctx = await makeStore();
      infoHash = randomBytes(20);
      t0 = Date.now();
    });

    afterEach(async () => {
      await ctx.cleanup();
    });

    function input(peer: TestPeer, over: Partial<SwarmAnnounce> = {}): SwarmAnnounce {
      const family = peer.family ?? 4;
      return {
        infoHash,
        peerId: peerIdOf(peer.n),
        peerKey: `peer-${peer.n}`,
        endpoint: { ip: ipOf(peer.n, family), port: portOf(peer.n) },
        event: 'started',
        uploaded: 0n,
        downloaded: 0n,
        left: 1000n,
        numWant: 50,
        peerTtlSeconds: TTL,
        minIntervalSeconds: 0,
        now: t0,
        ...over,
      };
    }

    async function announce(
      peer: TestPeer,
      over: Partial<SwarmAnnounce> = {},
    ): Promise<SwarmAnnounceAccepted> {
      const result: SwarmAnnounceResult = await ctx.store.announce(input(peer, over));
      if (result.status !== 'ok')
        throw new Error(`expected an accepted announce, got ${JSON.stringify(result)}`);
      return result;
    }

    const leech = (n: number, over: Partial<SwarmAnnounce> = {}) => announce({ n }, over);
    const seed = (n: number, over: Partial<SwarmAnnounce> = {}) => announce({ n }, { left: 0n, ...over });
    // Peers are endpoints: test peer n is recognised by the low bytes of its address (ipOf).
    const ids = (peers: readonly SwarmPeer[]) =>
      peers.map((p) => p.ip.readUInt32BE(p.ip.length - 4) & 0xffffff).sort((a, b) => a - b);
    const idsOf = (...ns: number[]) => [...ns].sort((a, b) => a - b);

    /** What an accepted announce credited and held (to match against results and entries). */
    const credit = (up: bigint, down: bigint, heldUp = 0n, heldDown = 0n, heldReason: HeldReason = '') => ({
      deltaUploaded: up,
      deltaDownloaded: down,
      heldUploaded: heldUp,
      heldDownloaded: heldDown,
      heldReason,
    });

    async function ledger(): Promise<StatsEntry[]> {
      if (ctx.ledgerEntries === undefined)
        throw new Error(`${name}: the contract run must provide ledgerEntries`);
      return ctx.ledgerEntries();
    }

    describe('announce and counts', () => {
      it('counts a first leecher and gives it no peers, no credit and no completion', async () => {
        const r = await leech(1, { uploaded: 500n, downloaded: 700n });
        expect(r).toMatchObject({ complete: 0, incomplete: 1, downloaded: 0, completedNow: false });
        expect(r.peers4).toEqual([]);
        expect(r.peers6).toEqual([]);
        expect([r.deltaUploaded, r.deltaDownloaded]).toEqual([0n, 0n]);
      });

      it('returns the counts after the change', async () => {
        await seed(1);
        await leech(2);
        expect(await leech(3)).toMatchObject({ complete: 1, incomplete: 2 });
        expect(await seed(4)).toMatchObject({ complete: 2, incomplete: 2 });
      });

      it('replaces the entry of a peerKey that announces again', async () => {
        await leech(1);
        await leech(1, { event: 'none', endpoint: { ip: ipOf(1, 4), port: 7777 } });
        const r = await leech(2);
        expect(r.incomplete).toBe(2);
        expect(r.peers4).toHaveLength(1);
        expect(r.peers4[0]).toEqual({ ip: ipOf(1, 4), port: 7777 });
      });

      it('moves a leecher that finished to the seeders', async () => {
        await leech(1);
        expect(await leech(1, { event: 'none', left: 0n })).toMatchObject({ complete: 1, incomplete: 0 });
      });

      it('removes a stopped peer, counts without it and returns no peers', async () => {
        await leech(1);
        await leech(2);
        const r = await leech(1, { event: 'stopped' });
        expect(r).toMatchObject({ complete: 0, incomplete: 1 });
        expect(r.peers4).toEqual([]);
        expect(ids((await leech(3)).peers4)).toEqual(idsOf(2));
      });

      it('accepts a stop from a peer it never saw', async () => {
        expect(await leech(1, { event: 'stopped', endpoint: { ip: ipOf(1, 4), port: 0 } })).toMatchObject({
          complete: 0,
          incomplete: 0,
        });
      });

      it('answers scrape and counts with the same counts, in request order, zeros when unknown', async () => {
        await seed(1);
        await leech(2);
        const unknown = randomBytes(20);
        const expected = [
          { complete: 0, incomplete: 0, downloaded: 0 },
          { complete: 1, incomplete: 1, downloaded: 0 },
        ];
        expect(await ctx.store.scrape([unknown, infoHash])).toEqual(expected);
        expect(await ctx.store.counts([unknown, infoHash])).toEqual(expected);
      });
    });

    describe('peer selection', () => {
      it('never returns the announcing peer itself', async () => {
        for (let n = 1; n <= 5; n++) await leech(n);
        const r = await leech(3, { event: 'none' });
        expect(ids(r.peers4)).toEqual(idsOf(1, 2, 4, 5));
      });

      it('gives a seeder only leechers and a leecher seeders and leechers', async () => {
        await seed(1);
        await seed(2);
        await leech(3);
        await leech(4);
        expect(ids((await seed(1, { event: 'none' })).peers4)).toEqual(idsOf(3, 4));
        expect(ids((await leech(3, { event: 'none' })).peers4)).toEqual(idsOf(1, 2, 4));
      });

      it('returns at most numWant distinct peers, none for numWant 0', async () => {
        for (let n = 1; n <= 20; n++) await leech(n);
        const r = await leech(21, { numWant: 7 });
        expect(new Set(ids(r.peers4)).size).toBe(7);
        expect((await leech(22, { numWant: 0 })).peers4).toEqual([]);
      });

      it('returns each peer as its address and port only (stores keep no peer ids)', async () => {
        await leech(1);
        const [peer] = (await leech(2)).peers4;
        expect(peer.ip.equals(ipOf(1, 4))).toBe(true);
        expect(peer.port).toBe(portOf(1));
        expect(Object.keys(peer).sort()).toEqual(['ip', 'port']);
      });

      it('returns different random subsets on different calls', async () => {
        for (let n = 1; n <= 100; n++) await leech(n);
        const subsets = new Set<string>();
        for (let i = 0; i < 8; i++)
          subsets.add(ids((await leech(0, { event: 'none', numWant: 10 })).peers4).join());
        expect(subsets.size).toBeGreaterThan(1);
      });

      // Speed on large swarms is measured by `npm run bench:announce` (scenario c), not timed here.
      it('answers numWant=50 from a 10,000-peer swarm with 50 distinct others, never itself', async () => {
        for (let n = 1; n <= 10_000; n++) await leech(n);
        for (let n = 1; n <= 10; n++) {
          const r = await leech(n, { event: 'none', numWant: 50 });
          const got = ids(r.peers4);
          expect(new Set(got).size).toBe(50);
          expect(got).not.toContain(n);
        }
      }, 120_000);
    });

    describe('IPv4 and IPv6', () => {
      it('gives each family only peers of its own family', async () => {
        await announce({ n: 1, family: 4 });
        await announce({ n: 2, family: 6 });
        const v4 = await announce({ n: 3, family: 4 });
        expect(ids(v4.peers4)).toEqual(idsOf(1));
        expect(v4.peers6).toEqual([]);
        const v6 = await announce({ n: 4, family: 6 });
        expect(ids(v6.peers6)).toEqual(idsOf(2));
        expect(v6.peers4).toEqual([]);
        expect(v6.peers6.every((p) => p.ip.length === 16)).toBe(true);
        expect(v4.peers4.every((p) => p.ip.length === 4)).toBe(true);
      });

      it('counts a peer that announced over both families once', async () => {
        await announce({ n: 1, family: 4 });
        const r = await announce({ n: 1, family: 6 });
        expect(r).toMatchObject({ complete: 0, incomplete: 1 });
        expect(ids((await announce({ n: 2, family: 4 })).peers4)).toEqual(idsOf(1));
        expect(ids((await announce({ n: 3, family: 6 })).peers6)).toEqual(idsOf(1));
      });

      it('removes both endpoints when a dual-stack peer stops', async () => {
        await announce({ n: 1, family: 4 });
        await announce({ n: 1, family: 6 });
        await announce({ n: 1, family: 4 }, { event: 'stopped' });
        expect((await announce({ n: 2, family: 6 })).peers6).toEqual([]);
      });
    });

    describe('expiry', () => {
      it('neither counts nor returns a peer silent for longer than the TTL', async () => {
        await leech(1, { now: t0 - (TTL + 60) * SECOND });
        await leech(2, { now: t0 - 60 * SECOND });
        const r = await leech(3);
        expect(r.incomplete).toBe(2);
        expect(ids(r.peers4)).toEqual(idsOf(2));
        expect(await ctx.store.scrape([infoHash])).toEqual([{ complete: 0, incomplete: 2, downloaded: 0 }]);
      });

      it('keeps a peer that re-announces within the TTL', async () => {
        await leech(1, { now: t0 - (TTL + 60) * SECOND });
        await leech(1, { now: t0 - 120 * SECOND, event: 'none' });
        expect(ids((await leech(2)).peers4)).toEqual(idsOf(1));
      });

      it('does not count an expired peer in scrape', async () => {
        await seed(1, { now: t0 - (TTL + 5) * SECOND });
        expect(await ctx.store.scrape([infoHash])).toEqual([{ complete: 0, incomplete: 0, downloaded: 0 }]);
      });
    });

    describe('completed', () => {
      it('counts a leecher that reports completed with left=0 once', async () => {
        await leech(1);
        const done = await leech(1, { event: 'completed', left: 0n });
        expect(done).toMatchObject({ completedNow: true, downloaded: 1, complete: 1, incomplete: 0 });
        const again = await leech(1, { event: 'completed', left: 0n });
        expect(again).toMatchObject({ completedNow: false, downloaded: 1 });
        expect((await ctx.store.scrape([infoHash]))[0].downloaded).toBe(1);
      });

      it('does not count a peer that was never seen leeching', async () => {
        await seed(1);
        expect(await seed(1, { event: 'completed' })).toMatchObject({ completedNow: false, downloaded: 0 });
      });

      it('does not count completed with left > 0', async () => {
        await leech(1);
        expect(await leech(1, { event: 'completed', left: 10n })).toMatchObject({
          completedNow: false,
          downloaded: 0,
        });
      });

      it('does not count the same peer again after a stop and restart', async () => {
        await leech(1);
        await leech(1, { event: 'completed', left: 0n });
        await leech(1, { event: 'stopped', left: 0n });
        await leech(1, { event: 'started', left: 5n });
        expect(await leech(1, { event: 'completed', left: 0n })).toMatchObject({
          completedNow: false,
          downloaded: 1,
        });
      });

      it('counts different peers separately', async () => {
        await leech(1);
        await leech(2);
        await leech(1, { event: 'completed', left: 0n });
        expect(await leech(2, { event: 'completed', left: 0n })).toMatchObject({
          completedNow: true,
          downloaded: 2,
        });
      });
    });

    describe('accounting', () => {
      const step = (up: bigint, down: bigint, i: number, event: AnnounceEvent = 'none') =>
        leech(1, { event, uploaded: up, downloaded: down, now: t0 + i * SECOND });
      const delta = (r: SwarmAnnounceAccepted) => [r.deltaUploaded, r.deltaDownloaded];

      // Someone to upload to: an upload nobody could have received is held (no_leechers).
      beforeEach(async () => {
        await leech(9, { now: t0 - SECOND });
      });

      it('earns the growth of the cumulative counters since the previous announce', async () => {
        expect(delta(await step(1000n, 100n, 0, 'started'))).toEqual([0n, 0n]);
        expect(delta(await step(1500n, 300n, 1))).toEqual([500n, 200n]);
        expect(delta(await step(1500n, 300n, 2))).toEqual([0n, 0n]);
      });

      it('resets the baseline when counters go down and earns 0 for that announce, holding nothing', async () => {
        await step(1000n, 1000n, 0, 'started');
        expect(await step(100n, 50n, 1)).toMatchObject(credit(0n, 0n));
        expect(delta(await step(150n, 80n, 2))).toEqual([50n, 30n]);
      });

      it('keeps the baseline through stop and start: no double credit', async () => {
        await step(0n, 0n, 0, 'started');
        expect(delta(await step(1000n, 10n, 1))).toEqual([1000n, 10n]);
        expect(delta(await step(1000n, 10n, 2, 'stopped'))).toEqual([0n, 0n]);
        expect(delta(await step(1000n, 10n, 3, 'started'))).toEqual([0n, 0n]);
        expect(delta(await step(1200n, 10n, 4))).toEqual([200n, 0n]);
      });

      it('starts a new baseline at a started after stopped, crediting and holding nothing for it', async () => {
        await step(0n, 0n, 0, 'started');
        expect(delta(await step(1000n, 10n, 1, 'stopped'))).toEqual([1000n, 10n]);
        // Clients count from zero at started; whatever this one reports is only a baseline.
        expect(await step(5000n, 500n, 2, 'started')).toMatchObject(credit(0n, 0n));
        expect(delta(await step(5500n, 600n, 3))).toEqual([500n, 100n]);
      });

      it('handles counters near 2^63-1 exactly', async () => {
        const big = 0x7fffffffffffff00n;
        await step(big, big, 0, 'started');
        expect(delta(await step(big + 0xffn, big + 1n, 1))).toEqual([0xffn, 1n]);
      });
    });

    describe('minimum interval', () => {
      const at = (s: number) => t0 + s * SECOND;

      it('refuses a plain re-announce that comes too soon and changes nothing', async () => {
        await leech(2, { now: at(0) });
        await leech(1, { minIntervalSeconds: MIN_INTERVAL, uploaded: 0n, now: at(0) });
        const early = await ctx.store.announce(
          input({ n: 1 }, { event: 'none', minIntervalSeconds: MIN_INTERVAL, uploaded: 500n, now: at(10) }),
        );
        expect(early).toEqual({ status: 'too_soon', retryAfterSeconds: MIN_INTERVAL - 10 });
        const later = await leech(1, {
          event: 'none',
          minIntervalSeconds: MIN_INTERVAL,
          uploaded: 600n,
          now: at(300),
        });
        expect(later.deltaUploaded).toBe(600n);
        expect(later.incomplete).toBe(2);
      });

      // Until issue 11 a repeated started was always accepted: a way round the minimum interval
      // (and, with no credit check, a way to credit anything at once). Now paused, completed and
      // stopped stay accepted at any time, as real clients send them, and started after stopped.
      it('always accepts paused, completed, stopped, and a started after stopped', async () => {
        await leech(1, { minIntervalSeconds: MIN_INTERVAL, now: at(0) });
        const events: AnnounceEvent[] = ['paused', 'completed', 'stopped', 'started'];
        for (const [i, event] of events.entries()) {
          const r = await ctx.store.announce(
            input({ n: 1 }, { event, left: 0n, minIntervalSeconds: MIN_INTERVAL, now: at(i + 1) }),
          );
          expect(r.status).toBe('ok');
        }
      });

      it('treats a started from a live peer as a re-announce: too soon, changing nothing', async () => {
        await leech(1, { minIntervalSeconds: MIN_INTERVAL, now: at(0) });
        const again = await ctx.store.announce(
          input({ n: 1 }, { event: 'started', minIntervalSeconds: MIN_INTERVAL, uploaded: 9n, now: at(5) }),
        );
        expect(again).toEqual({ status: 'too_soon', retryAfterSeconds: MIN_INTERVAL - 5 });
        const later = await leech(1, { event: 'started', minIntervalSeconds: MIN_INTERVAL, now: at(300) });
        expect(later.status).toBe('ok');
      });

      it('applies per address family, so a dual-stack client is not refused', async () => {
        await announce({ n: 1, family: 4 }, { minIntervalSeconds: MIN_INTERVAL, now: at(0) });
        const v6 = await ctx.store.announce(
          input({ n: 1, family: 6 }, { event: 'none', minIntervalSeconds: MIN_INTERVAL, now: at(1) }),
        );
        expect(v6.status).toBe('ok');
        const v4 = await ctx.store.announce(
          input({ n: 1, family: 4 }, { event: 'none', minIntervalSeconds: MIN_INTERVAL, now: at(2) }),
        );
        expect(v4.status).toBe('too_soon');
      });

      it('is disabled by 0', async () => {
        await leech(1, { now: at(0) });
        expect((await ctx.store.announce(input({ n: 1 }, { event: 'none', now: at(0) }))).status).toBe('ok');
      });
    });

    describe('plausible credit', () => {
      const context = { userId: 42, torrentId: 7, instance: 'contract' };
      const at = (ms: number) => t0 + ms;
      const sum = (entries: StatsEntry[], f: (e: StatsEntry) => bigint) =>
        entries.reduce((a, e) => a + f(e), 0n);

      it('issue 11: a repeated started claiming 10^15 bytes at once is refused too soon', async () => {
        const over = { ledger: context, left: 0n, minIntervalSeconds: MIN_INTERVAL, maxCreditRate: RATE };
        await seed(1, { ...over, uploaded: 4000n, now: at(0) });
        const forged = await ctx.store.announce(
          input({ n: 1 }, { ...over, event: 'started', uploaded: 1_000_000_000_004_000n, now: at(5) }),
        );
        expect(forged.status).toBe('too_soon');
        expect((await ledger()).map((e) => e.deltaUploaded)).toEqual([0n]);
      });

      it('issue 11: without a minimum interval the same claim is accepted, held and never credited', async () => {
        const over = { ledger: context, left: 0n, maxCreditRate: RATE };
        await seed(1, { ...over, uploaded: 4000n, now: at(0) });
        const forged = await seed(1, { ...over, uploaded: 1_000_000_000_004_000n, now: at(5) });
        expect(forged).toMatchObject(credit(0n, 0n, 1_000_000_000_000_000n, 0n, 'too_fast,no_leechers'));
        // The baseline moved on: the claim is not credited later either.
        await leech(2, { now: at(10) });
        const later = await seed(1, { ...over, uploaded: 1_000_000_000_004_000n, now: at(1700 * SECOND) });
        expect(later).toMatchObject(credit(0n, 0n));
        expect(sum(await ledger(), (e) => e.deltaUploaded)).toBe(0n);
        expect((await ledger())[1]).toMatchObject(
          credit(0n, 0n, 1_000_000_000_000_000n, 0n, 'too_fast,no_leechers'),
        );
      });

      it('issue 11: started/stopped/started cycles into a swarm with no leechers credit nothing', async () => {
        const over = { ledger: context, left: 0n, minIntervalSeconds: MIN_INTERVAL, maxCreditRate: RATE };
        const fiveGiB = 5_368_709_120n;
        for (let cycle = 0; cycle < 3; cycle++) {
          const ms = cycle * 3;
          await seed(1, { ...over, event: 'started', uploaded: 0n, now: at(ms) });
          const stop = await seed(1, { ...over, event: 'stopped', uploaded: fiveGiB, now: at(ms + 1) });
          expect(stop).toMatchObject(credit(0n, 0n, fiveGiB, 0n, 'too_fast,no_leechers'));
        }
        const entries = await ledger();
        expect(entries).toHaveLength(6);
        expect(sum(entries, (e) => e.deltaUploaded)).toBe(0n);
        expect(sum(entries, (e) => e.heldUploaded)).toBe(3n * fiveGiB);
      });

      it('issue 11: a downloaded delta of ten times the torrent size is held, the size itself credited', async () => {
        const over = { ledger: context, torrentSize: 1000n, maxCreditRate: RATE };
        await leech(1, { ...over, now: at(0) });
        expect(
          await leech(1, { ...over, event: 'none', downloaded: 10_000n, now: at(600 * SECOND) }),
        ).toMatchObject(credit(0n, 0n, 0n, 10_000n, 'over_size'));
        expect(
          await leech(1, { ...over, event: 'none', downloaded: 11_000n, now: at(1200 * SECOND) }),
        ).toMatchObject(credit(0n, 1000n));
        expect((await ledger()).map((e) => [e.deltaDownloaded, e.heldDownloaded, e.heldReason])).toEqual([
          [0n, 0n, ''],
          [0n, 10_000n, 'over_size'],
          [1000n, 0n, ''],
        ]);
      });

      it('holds a delta faster than maxCreditRate over the time since the last announce, and never credits it later', async () => {
        const over = { maxCreditRate: 1000 };
        await leech(9, { now: at(0) });
        await leech(1, { ...over, now: at(0) });
        expect(
          await leech(1, { ...over, event: 'none', uploaded: 10_000n, now: at(10 * SECOND) }),
        ).toMatchObject(credit(10_000n, 0n));
        expect(
          await leech(1, { ...over, event: 'none', uploaded: 20_001n, now: at(20 * SECOND) }),
        ).toMatchObject(credit(0n, 0n, 10_001n, 0n, 'too_fast'));
        expect(
          await leech(1, { ...over, event: 'none', uploaded: 20_001n, now: at(30 * SECOND) }),
        ).toMatchObject(credit(0n, 0n));
        expect(
          await leech(1, { ...over, event: 'none', uploaded: 25_001n, now: at(40 * SECOND) }),
        ).toMatchObject(credit(5000n, 0n));
      });

      it('judges speed over at least one second, and checks completed and stopped like any other announce', async () => {
        const over = { maxCreditRate: 1000 };
        await leech(9, { now: at(0) });
        await leech(1, { ...over, now: at(0) });
        expect(await leech(1, { ...over, event: 'paused', uploaded: 1000n, now: at(100) })).toMatchObject(
          credit(1000n, 0n),
        );
        expect(
          await leech(1, {
            ...over,
            event: 'completed',
            left: 0n,
            uploaded: 1000n,
            downloaded: 5000n,
            now: at(200),
          }),
        ).toMatchObject(credit(0n, 0n, 0n, 5000n, 'too_fast'));
        expect(
          await leech(1, { ...over, event: 'stopped', left: 0n, uploaded: 9000n, now: at(300) }),
        ).toMatchObject(credit(0n, 0n, 8000n, 0n, 'too_fast'));
      });

      it('credits a seeder uploading to a leecher over a realistic time', async () => {
        const over = { ledger: context, maxCreditRate: RATE };
        await seed(1, { ...over, now: at(0) });
        await leech(2, { now: at(SECOND) });
        const gib = 1n << 30n;
        expect(
          await seed(1, { ...over, event: 'none', uploaded: gib, now: at(1700 * SECOND) }),
        ).toMatchObject(credit(gib, 0n));
        expect((await ledger()).map((e) => e.deltaUploaded)).toEqual([0n, gib]);
      });

      it('still credits a seeder whose only leecher completed between its announces', async () => {
        const over = { maxCreditRate: RATE };
        // The leecher's last announce with left > 0 came before the seeder's: its completion is
        // what shows it was receiving between the seeder's announces.
        await leech(2, { now: at(-10 * SECOND) });
        await seed(1, { ...over, now: at(0) });
        await leech(2, { event: 'completed', left: 0n, now: at(600 * SECOND) });
        expect(
          await seed(1, { ...over, event: 'none', uploaded: 500_000_000n, now: at(1700 * SECOND) }),
        ).toMatchObject(credit(500_000_000n, 0n));
      });

      it('holds an upload when the only leecher left before the uploader last announced', async () => {
        await leech(2, { now: at(0) });
        await leech(2, { event: 'stopped', now: at(10 * SECOND) });
        await seed(1, { now: at(20 * SECOND) });
        expect(await seed(1, { event: 'none', uploaded: 1000n, now: at(1700 * SECOND) })).toMatchObject(
          credit(0n, 0n, 1000n, 0n, 'no_leechers'),
        );
      });

      it('credits a leecher uploading to another leecher, but not to itself alone', async () => {
        await leech(1, { now: at(0) });
        expect(await leech(1, { event: 'none', uploaded: 700n, now: at(60 * SECOND) })).toMatchObject(
          credit(0n, 0n, 700n, 0n, 'no_leechers'),
        );
        await leech(2, { now: at(61 * SECOND) });
        expect(await leech(1, { event: 'none', uploaded: 1700n, now: at(120 * SECOND) })).toMatchObject(
          credit(1000n, 0n),
        );
      });

      it('credits a dual-stack seeder once for what it reports over both families', async () => {
        const over = { maxCreditRate: RATE, left: 0n };
        await leech(2, { now: at(0) });
        await announce({ n: 1, family: 4 }, { ...over, now: at(0) });
        const v6 = await announce({ n: 1, family: 6 }, { ...over, uploaded: 1000n, now: at(SECOND) });
        expect(v6).toMatchObject(credit(1000n, 0n));
        const v4 = await announce(
          { n: 1, family: 4 },
          { ...over, event: 'none', uploaded: 2000n, now: at(1700 * SECOND) },
        );
        expect(v4).toMatchObject(credit(1000n, 0n));
      });
    });

    describe('peers per member', () => {
      const member = (userId: number) => ({ userId, torrentId: 7, instance: 'contract' });
      const limited = (n: number, userId = 42, over: Partial<SwarmAnnounce> = {}) =>
        ctx.store.announce(input({ n }, { ledger: member(userId), maxPeersPerUser: 3, ...over }));

      it('issue 11: refuses the fourth to sixth live peer of one member, with the limit, changing nothing', async () => {
        const results = [];
        for (let n = 1; n <= 6; n++) results.push(await limited(n));
        expect(results.map((r) => r.status)).toEqual([
          'ok',
          'ok',
          'ok',
          'too_many_peers',
          'too_many_peers',
          'too_many_peers',
        ]);
        expect(results[3]).toEqual({ status: 'too_many_peers', maxPeers: 3 });
        expect(await ctx.store.scrape([infoHash])).toEqual([{ complete: 0, incomplete: 3, downloaded: 0 }]);
        expect((await ledger()).map((e) => e.peerKey)).toEqual(['peer-1', 'peer-2', 'peer-3']);
      });

      it('never refuses re-announces and events of live peers', async () => {
        for (let n = 1; n <= 3; n++) await limited(n);
        for (let n = 1; n <= 3; n++)
          expect((await limited(n, 42, { event: 'none', now: t0 + SECOND })).status).toBe('ok');
        expect((await limited(1, 42, { event: 'completed', left: 0n, now: t0 + 2 * SECOND })).status).toBe(
          'ok',
        );
        expect((await limited(2, 42, { event: 'stopped', now: t0 + 2 * SECOND })).status).toBe('ok');
      });

      it('counts neither stopped nor expired peers, and a restart after stopped is a new peer', async () => {
        await limited(1, 42, { now: t0 - (TTL + 60) * SECOND });
        await limited(2);
        await limited(3);
        expect((await limited(4)).status).toBe('ok');
        await limited(2, 42, { event: 'stopped' });
        expect((await limited(5)).status).toBe('ok');
        expect((await limited(2, 42, { event: 'started' })).status).toBe('too_many_peers');
      });

      it('accepts a stop from a member at the limit, and counts each member and each swarm apart', async () => {
        for (let n = 1; n <= 3; n++) await limited(n);
        expect((await limited(4, 42, { event: 'stopped' })).status).toBe('ok');
        for (let n = 11; n <= 13; n++) expect((await limited(n, 43)).status).toBe('ok');
        const other = await ctx.store.announce({
          ...input({ n: 4 }, { ledger: member(42), maxPeersPerUser: 3 }),
          infoHash: randomBytes(20),
        });
        expect(other.status).toBe('ok');
      });

      it('counts a dual-stack peer once, and has no limit at 0', async () => {
        for (let n = 1; n <= 3; n++) {
          await limited(n);
          expect((await limited(n, 42, { endpoint: { ip: ipOf(n, 6), port: portOf(n) } })).status).toBe('ok');
        }
        expect((await limited(4, 42, { maxPeersPerUser: 0 })).status).toBe('ok');
      });
    });

    describe('ledger', () => {
      const context = { userId: 42, torrentId: 7, instance: 'contract' };

      it('appends one entry per accepted announce with what it earned', async () => {
        await leech(2, { now: t0 });
        await leech(1, { ledger: context, uploaded: 100n, now: t0 });
        await leech(1, {
          ledger: context,
          event: 'completed',
          left: 0n,
          uploaded: 350n,
          downloaded: 1000n,
          now: t0 + SECOND,
        });
        const entries = await ledger();
        expect(entries).toEqual([
          {
            userId: 42,
            torrentId: 7,
            infoHashHex: infoHash.toString('hex'),
            peerKey: 'peer-1',
            deltaUploaded: 0n,
            deltaDownloaded: 0n,
            heldUploaded: 0n,
            heldDownloaded: 0n,
            heldReason: '',
            left: 1000n,
            event: 'started',
            seeding: false,
            timestamp: t0,
            instance: 'contract',
          },
          {
            userId: 42,
            torrentId: 7,
            infoHashHex: infoHash.toString('hex'),
            peerKey: 'peer-1',
            deltaUploaded: 250n,
            deltaDownloaded: 1000n,
            heldUploaded: 0n,
            heldDownloaded: 0n,
            heldReason: '',
            left: 0n,
            event: 'completed',
            seeding: true,
            timestamp: t0 + SECOND,
            instance: 'contract',
          },
        ]);
      });

      it('appends nothing for a refused announce or one without a ledger context', async () => {
        await leech(1, { ledger: context, minIntervalSeconds: MIN_INTERVAL });
        const refused = await ctx.store.announce(
          input(
            { n: 1 },
            { ledger: context, event: 'none', minIntervalSeconds: MIN_INTERVAL, now: t0 + SECOND },
          ),
        );
        expect(refused.status).toBe('too_soon');
        await leech(2);
        expect((await ledger()).map((e) => e.peerKey)).toEqual(['peer-1']);
      });
    });

    registeredAnnounceCases(() => ({ store: ctx.store, registry: ctx.registry, infoHash, t0, ledger }));
  });
}
