import { describe, expect, it } from '@jest/globals';
import { ClientError } from '../errors/client-error.js';
import { gateAnnounce, refusal, requireActiveUser, requirePasskey, tooManyPeers } from './announce-gate.js';
import type { TorrentGrant, UserGrant } from './registry.js';

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

/** The gate's answer for these grants: the refusal code, or 'admitted'. */
const gate = (user: UserGrant | null, t: TorrentGrant | null, left: bigint) => {
  const result = gateAnnounce({ user, torrent: t }, left);
  return result.status === 'refused' ? result.code : result.status;
};

describe('gateAnnounce', () => {
  it('lets an active user announce a registered torrent, with the grants it judged', () => {
    expect(gateAnnounce({ user: active, torrent }, 100n)).toEqual({
      status: 'admitted',
      user: active,
      torrent,
    });
  });

  it('refuses an unknown passkey before looking at the torrent', () => {
    expect(gate(null, null, 0n)).toBe('unknown_passkey');
  });

  it('refuses a disabled user, even on a registered torrent while seeding', () => {
    expect(gate(disabled, torrent, 0n)).toBe('account_disabled');
  });

  it('refuses a torrent that is not registered', () => {
    expect(gate(active, null, 0n)).toBe('unregistered_torrent');
  });

  it('refuses a user without leech rights while anything is left to download', () => {
    for (const left of [1n, 100n]) expect(gate(noLeech, torrent, left)).toBe('leech_disabled');
  });

  it('lets a user without leech rights seed (left = 0)', () => {
    expect(gate(noLeech, torrent, 0n)).toBe('admitted');
  });

  it('names an unregistered torrent before missing leech rights', () => {
    expect(gate(noLeech, null, 5n)).toBe('unregistered_torrent');
  });
});

describe('the torrent size (issue 11)', () => {
  it('refuses left at 50 times the torrent size', () => {
    expect(gate(active, sized, 50_000_000n)).toBe('left_exceeds_size');
  });

  it('accepts left up to the size, and any left for a torrent published without one', () => {
    expect(gate(active, sized, 1_000_000n)).toBe('admitted');
    expect(gate(active, torrent, 10n ** 15n)).toBe('admitted');
  });

  it('names missing leech rights before a left beyond the size', () => {
    expect(gate(noLeech, sized, 50_000_000n)).toBe('leech_disabled');
  });
});

describe('refusal', () => {
  it.each([
    ['unknown_passkey', 'unknown passkey'],
    ['account_disabled', 'your account is disabled'],
    ['unregistered_torrent', 'unregistered torrent'],
    ['leech_disabled', 'leeching is disabled for your account'],
    ['left_exceeds_size', "left exceeds the torrent's size"],
  ] as const)('tells the client %s as "%s"', (code, message) => {
    expect(
      refusalOf(() => {
        throw refusal(code);
      }),
    ).toEqual({ message, code });
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
