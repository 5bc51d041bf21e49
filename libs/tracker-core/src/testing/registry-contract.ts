import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RegistryReader, RegistryWriter } from '../registry/registry.js';

export interface RegistryUnderTest {
  /** Reads what `writer` wrote, uncached (or with a cache the run has disabled). */
  readonly reader: RegistryReader;
  readonly writer: RegistryWriter;
  cleanup?(): Promise<void>;
}

const passkey = () => randomBytes(16).toString('hex');

/**
 * Runs the registry contract (see registry.ts) against one adapter: what the site writes is
 * what the announcer reads. `make` is called before every test.
 */
export function runRegistryContract(name: string, make: () => Promise<RegistryUnderTest>): void {
  describe(`registry contract: ${name}`, () => {
    let reader: RegistryReader;
    let writer: RegistryWriter;
    let ctx: RegistryUnderTest;

    beforeEach(async () => {
      ctx = await make();
      ({ reader, writer } = ctx);
    });

    afterEach(async () => {
      await ctx.cleanup?.();
    });

    it('reads back a published torrent and an upserted user in one lookup, whatever the case of the passkey', async () => {
      const pk = passkey();
      const hash = randomBytes(20);
      await writer.upsertUser(pk.toUpperCase(), { userId: 3, enabled: true, canLeech: false });
      await writer.publishTorrent(hash, { torrentId: 9, freeleech: true });
      expect(await reader.lookup(pk.toUpperCase(), hash)).toEqual({
        user: { userId: 3, enabled: true, canLeech: false },
        torrent: { torrentId: 9, freeleech: true },
      });
      expect(await reader.findUser(pk)).toEqual({ userId: 3, enabled: true, canLeech: false });
    });

    it('forgets an unpublished torrent and a removed user', async () => {
      const pk = passkey();
      const hash = randomBytes(20);
      await writer.upsertUser(pk, { userId: 4, enabled: true, canLeech: true });
      await writer.publishTorrent(hash, { torrentId: 10, freeleech: false });
      await writer.unpublishTorrent(hash);
      await writer.removeUser(pk);
      expect(await reader.lookup(pk, hash)).toEqual({ user: null, torrent: null });
      expect(await reader.findUser(pk)).toBeNull();
    });

    it('answers null for a passkey and a torrent never written', async () => {
      expect(await reader.lookup(passkey(), randomBytes(20))).toEqual({ user: null, torrent: null });
    });

    it('replaces a grant whole: a field the new grant lacks is gone', async () => {
      const pk = passkey();
      const hash = randomBytes(20);
      await writer.upsertUser(pk, { userId: 5, enabled: true, canLeech: true });
      await writer.upsertUser(pk, { userId: 5, enabled: false, canLeech: false });
      await writer.publishTorrent(hash, { torrentId: 11, freeleech: true, size: 4_700_000_000_000 });
      expect((await reader.lookup(pk, hash)).torrent).toEqual({
        torrentId: 11,
        freeleech: true,
        size: 4_700_000_000_000,
      });
      await writer.publishTorrent(hash, { torrentId: 11, freeleech: false });
      expect(await reader.lookup(pk, hash)).toEqual({
        user: { userId: 5, enabled: false, canLeech: false },
        torrent: { torrentId: 11, freeleech: false },
      });
    });

    it('finds the grant of each hash in order, null for one never published or unpublished', async () => {
      const [kept, gone, never] = [randomBytes(20), randomBytes(20), randomBytes(20)];
      await writer.publishTorrent(kept, { torrentId: 21, freeleech: false });
      await writer.publishTorrent(gone, { torrentId: 22, freeleech: true });
      await writer.unpublishTorrent(gone);
      expect(await reader.findTorrents([never, kept, gone, kept])).toEqual([
        null,
        { torrentId: 21, freeleech: false },
        null,
        { torrentId: 21, freeleech: false },
      ]);
      expect(await reader.findTorrents([])).toEqual([]);
    });

    it('refuses a malformed passkey on write, and writes nothing', async () => {
      for (const bad of ['xyz', passkey().slice(1), `${passkey().slice(1)}g`])
        await expect(writer.upsertUser(bad, { userId: 1, enabled: true, canLeech: true })).rejects.toThrow(
          /32 hexadecimal/,
        );
      expect(await reader.findUser('xyz')).toBeNull();
    });
  });
}
