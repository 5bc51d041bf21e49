import { describe, expect, it } from '@jest/globals';
import { ClientError } from '@tracker/core';
import type { TorrentGrant, UserGrant } from '@tracker/redis';
import { checkAnnounceGrant, requireActiveUser, requirePasskey, tooManyPeers } from './grant-checks.js';

const PK = '0123456789abcdef0123456789abcdef';
const active: UserGrant = { userId: 1, enabled: true, canLeech: true };
const disabled: UserGrant = { userId: 2, enabled: false, canLeech: true };
const noLeech: UserGrant = { userId: 3, enabled: true, canLeech: false };
const torrent: TorrentGrant = { torrentId: 9, freeleech: false };
const sized: TorrentGrant = { torrentId: 10, freeleech: false, size: 1_000_000 };

/** The ClientError `run` throws, as message and code. */
function refusalOf(run: () => unknown): { message: string; code: string } {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ClientError);
    const { message, code } = err as ClientError;
    return { message, code };
  }
  throw new Error('expected a refusal, got none');
}

describe('requirePasskey', () => {
  it('accepts 32 hex characters in either case and gives them back in lower case', () => {
    expect(requirePasskey(PK.toUpperCase())).toBe(PK);
  });

  it('refuses a missing passkey', () => {
    expect(refusalOf(() => requirePasskey(undefined))).toEqual({
      message: 'missing passkey',
      code: 'missing_passkey',
    });
  });

  it.each([null, '', 'not-a-passkey', PK.slice(1), `${PK}0`, `${PK.slice(1)}g`])(
    'refuses the malformed passkey %p',
    (passkey) => {
      expect(refusalOf(() => requirePasskey(passkey))).toEqual({
        message: 'invalid passkey',
        code: 'invalid_passkey',
      });
    },
  );
});

describe('requireActiveUser', () => {
  it('lets an enabled user through', () => {
    expect(requireActiveUser(active)).toBe(active);
  });

  it('refuses an unknown passkey', () => {
    expect(refusalOf(() => requireActiveUser(null))).toEqual({
      message: 'unknown passkey',
      code: 'unknown_passkey',
    });
  });

  it('refuses a disabled user', () => {
    expect(refusalOf(() => requireActiveUser(disabled))).toEqual({
      message: 'your account is disabled',
      code: 'account_disabled',
    });
  });
});

describe('checkAnnounceGrant', () => {
  it('lets an active user announce a registered torrent', () => {
    expect(checkAnnounceGrant(active, torrent, 100n)).toEqual({ user: active, torrent });
  });

  it('refuses an unknown passkey before looking at the torrent', () => {
    expect(refusalOf(() => checkAnnounceGrant(null, null, 0n)).code).toBe('unknown_passkey');
  });

  it('refuses a disabled user, even on a registered torrent while seeding', () => {
    expect(refusalOf(() => checkAnnounceGrant(disabled, torrent, 0n))).toEqual({
      message: 'your account is disabled',
      code: 'account_disabled',
    });
  });

  it('refuses a torrent that is not registered', () => {
    expect(refusalOf(() => checkAnnounceGrant(active, null, 0n))).toEqual({
      message: 'unregistered torrent',
      code: 'unregistered_torrent',
    });
  });

  it('refuses a user without leech rights while anything is left to download', () => {
    for (const left of [1n, 100n])
      expect(refusalOf(() => checkAnnounceGrant(noLeech, torrent, left))).toEqual({
        message: 'leeching is disabled for your account',
        code: 'leech_disabled',
      });
  });

  it('lets a user without leech rights seed (left = 0)', () => {
    expect(checkAnnounceGrant(noLeech, torrent, 0n)).toEqual({ user: noLeech, torrent });
  });

  it('names an unregistered torrent before missing leech rights', () => {
    expect(refusalOf(() => checkAnnounceGrant(noLeech, null, 5n)).code).toBe('unregistered_torrent');
  });
});

describe('the torrent size (issue 11)', () => {
  it('refuses left at 50 times the torrent size, as the client is told', () => {
    expect(refusalOf(() => checkAnnounceGrant(active, sized, 50_000_000n))).toEqual({
      message: "left exceeds the torrent's size",
      code: 'left_exceeds_size',
    });
  });

  it('accepts left up to the size, and any left for a torrent published without one', () => {
    expect(checkAnnounceGrant(active, sized, 1_000_000n).torrent).toBe(sized);
    expect(checkAnnounceGrant(active, torrent, 10n ** 15n).torrent).toBe(torrent);
  });

  it('names missing leech rights before a left beyond the size', () => {
    expect(refusalOf(() => checkAnnounceGrant(noLeech, sized, 50_000_000n)).code).toBe('leech_disabled');
  });
});

describe('tooManyPeers', () => {
  it('tells the client the limit', () => {
    expect(
      refusalOf(() => {
        throw tooManyPeers(3);
      }),
    ).toEqual({ message: 'too many active peers for this torrent: at most 3', code: 'too_many_peers' });
  });
});
