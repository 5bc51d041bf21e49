import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from '@jest/globals';
import type { RegistryWriter } from '../registry/registry.js';
import {
  registeredPeerKey,
  type RegisteredAnnounce,
  type RegisteredSwarmStore,
} from '../swarm/registered-swarm-store.js';
import type { StatsEntry } from '../swarm/swarm-store.js';

/** What the registered cases need of the contract run in progress. */
export interface RegisteredCaseContext {
  readonly store: RegisteredSwarmStore;
  readonly registry: RegistryWriter;
  /** The test's own swarm (random per test). */
  readonly infoHash: Buffer;
  readonly t0: number;
  ledger(): Promise<StatsEntry[]>;
}

const SIZE = 1_000_000;
const TTL = 1800;
const key = () => randomBytes(16).toString('hex');
const peerIdOf = (n: number) => Buffer.from(`-RG0001-${String(n).padStart(12, '0')}`, 'latin1');

/**
 * The private-mode announce of `RegisteredSwarmStore` (registered-swarm-store.ts): the gate
 * and the swarm step in one call. Called inside `runSwarmStoreContract`, so every adapter of
 * the swarm store passes it.
 */
export function registeredAnnounceCases(current: () => RegisteredCaseContext): void {
  describe('announceRegistered (private mode: the registry gate and the swarm step in one)', () => {
    let c: RegisteredCaseContext;
    const member = { passkey: key(), userId: 21 };
    const noLeech = { passkey: key(), userId: 22 };
    const disabled = { passkey: key(), userId: 23 };
    /** Published with its size, as the site publishes every torrent now. */
    let sized: Buffer;

    beforeEach(async () => {
      c = current();
      sized = randomBytes(20);
      await c.registry.upsertUser(member.passkey, { userId: 21, enabled: true, canLeech: true });
      await c.registry.upsertUser(noLeech.passkey, { userId: 22, enabled: true, canLeech: false });
      await c.registry.upsertUser(disabled.passkey, { userId: 23, enabled: false, canLeech: true });
      await c.registry.publishTorrent(c.infoHash, { torrentId: 31, freeleech: false });
      await c.registry.publishTorrent(sized, { torrentId: 32, freeleech: false, size: SIZE });
    });

    const input = (over: Partial<RegisteredAnnounce> = {}): RegisteredAnnounce => ({
      passkey: member.passkey,
      instance: 'i-1',
      infoHash: c.infoHash,
      peerId: peerIdOf(1),
      endpoint: { ip: Buffer.from([10, 1, 1, 1]), port: 6881 },
      event: 'started',
      uploaded: 0n,
      downloaded: 0n,
      left: 10n,
      numWant: 10,
      peerTtlSeconds: TTL,
      minIntervalSeconds: 60,
      now: c.t0,
      ...over,
    });
    const counts = (hash: Buffer) => c.store.scrape([hash]);
    const none = [{ complete: 0, incomplete: 0, downloaded: 0 }];

    it.each([
      ['an unknown passkey', () => ({ passkey: key() }), 'unknown_passkey'],
      ['a disabled user, even seeding', () => ({ passkey: disabled.passkey, left: 0n }), 'account_disabled'],
      ['an unregistered torrent', () => ({ infoHash: randomBytes(20) }), 'unregistered_torrent'],
      ['a leech by a user who may not leech', () => ({ passkey: noLeech.passkey }), 'leech_disabled'],
      [
        'left at 50 times the published size',
        () => ({ infoHash: sized, left: 50n * BigInt(SIZE) }),
        'left_exceeds_size',
      ],
    ] as const)('refuses %s and changes nothing', async (_, over, code) => {
      const announce = input(over());
      expect(await c.store.announceRegistered(announce)).toEqual({ status: 'refused', code });
      expect(await counts(announce.infoHash)).toEqual(none);
      expect(await c.ledger()).toEqual([]);
    });

    it('names the refusals in the gate order', async () => {
      const unknownHash = randomBytes(20);
      const refusalOf = async (over: Partial<RegisteredAnnounce>) => {
        const r = await c.store.announceRegistered(input(over));
        return r.status === 'refused' ? r.code : r.status;
      };
      expect(await refusalOf({ passkey: disabled.passkey, infoHash: unknownHash })).toBe('account_disabled');
      expect(await refusalOf({ passkey: noLeech.passkey, infoHash: unknownHash })).toBe(
        'unregistered_torrent',
      );
      expect(await refusalOf({ passkey: noLeech.passkey, infoHash: sized, left: 50n * BigInt(SIZE) })).toBe(
        'leech_disabled',
      );
    });

    it('lets a user who may not leech seed', async () => {
      expect(await c.store.announceRegistered(input({ passkey: noLeech.passkey, left: 0n }))).toMatchObject({
        status: 'ok',
        complete: 1,
      });
    });

    it('takes a ban on the next announce', async () => {
      expect((await c.store.announceRegistered(input())).status).toBe('ok');
      await c.registry.upsertUser(member.passkey, { userId: 21, enabled: false, canLeech: true });
      expect(await c.store.announceRegistered(input({ event: 'stopped', now: c.t0 + 1000 }))).toEqual({
        status: 'refused',
        code: 'account_disabled',
      });
    });

    it('credits the registry ids with the peer key u<user id>:<peer_id hex>, the same peer as a plain announce with it', async () => {
      const peerId = peerIdOf(1);
      expect((await c.store.announceRegistered(input({ peerId }))).status).toBe('ok');
      const again = await c.store.announceRegistered(
        input({ event: 'none', uploaded: 5n, now: c.t0 + 1000 }),
      );
      expect(again).toEqual({ status: 'too_soon', retryAfterSeconds: 59 });
      const { passkey: _passkey, instance: _instance, ...plain } = input({ event: 'none', now: c.t0 + 2000 });
      const generic = await c.store.announce({ ...plain, peerKey: registeredPeerKey(21, peerId) });
      expect(generic).toEqual({ status: 'too_soon', retryAfterSeconds: 58 });
      expect(await c.ledger()).toEqual([
        expect.objectContaining({
          userId: 21,
          torrentId: 31,
          infoHashHex: c.infoHash.toString('hex'),
          peerKey: `u21:${peerId.toString('hex')}`,
          instance: 'i-1',
        }),
      ]);
    });

    it('checks no size for a torrent published without one (older data)', async () => {
      expect((await c.store.announceRegistered(input({ left: 10n ** 15n }))).status).toBe('ok');
    });

    it('holds a downloaded delta of ten times the published size (over_size)', async () => {
      const peer = { infoHash: sized, minIntervalSeconds: 0, maxCreditRate: 134_217_728 };
      await c.store.announceRegistered(input({ ...peer, left: BigInt(SIZE) }));
      const down = 10n * BigInt(SIZE);
      const r = await c.store.announceRegistered(
        input({ ...peer, event: 'none', left: 0n, downloaded: down, now: c.t0 + 300_000 }),
      );
      expect(r).toMatchObject({
        status: 'ok',
        deltaDownloaded: 0n,
        heldDownloaded: down,
        heldReason: 'over_size',
      });
      expect((await c.ledger()).at(-1)).toMatchObject({
        torrentId: 32,
        deltaDownloaded: 0n,
        heldDownloaded: down,
      });
    });

    it("refuses a member's fourth live peer, crediting nothing for it", async () => {
      const statuses = [];
      for (let n = 1; n <= 5; n++) {
        const r = await c.store.announceRegistered(input({ peerId: peerIdOf(n), maxPeersPerUser: 3 }));
        statuses.push(r.status === 'too_many_peers' ? `${r.status}:${r.maxPeers}` : r.status);
      }
      expect(statuses).toEqual(['ok', 'ok', 'ok', 'too_many_peers:3', 'too_many_peers:3']);
      expect(await c.ledger()).toHaveLength(3);
      expect(await counts(c.infoHash)).toEqual([{ complete: 0, incomplete: 3, downloaded: 0 }]);
    });
  });
}
