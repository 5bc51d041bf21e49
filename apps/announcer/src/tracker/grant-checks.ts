import { ClientError } from '@tracker/core';
import { isPasskey, type RefusalCode, type TorrentGrant, type UserGrant } from '@tracker/redis';

/** A passkey must look right before we spend a registry lookup on it. */
export function requirePasskey(passkey: string | null | undefined): string {
  if (passkey === undefined) throw new ClientError('missing passkey', 'missing_passkey');
  if (passkey === null || !isPasskey(passkey)) throw new ClientError('invalid passkey', 'invalid_passkey');
  return passkey.toLowerCase();
}

const REFUSALS: Record<RefusalCode, string> = {
  unknown_passkey: 'unknown passkey',
  account_disabled: 'your account is disabled',
  unregistered_torrent: 'unregistered torrent',
  leech_disabled: 'leeching is disabled for your account',
  left_exceeds_size: "left exceeds the torrent's size",
};

/** The client-facing error for a registry refusal, whichever path found it. */
export function refusal(code: RefusalCode): ClientError {
  return new ClientError(REFUSALS[code], code);
}

export function requireActiveUser(user: UserGrant | null): UserGrant {
  if (user === null) throw refusal('unknown_passkey');
  if (!user.enabled) throw refusal('account_disabled');
  return user;
}

/** The client-facing error when a member already has `maxPeers` live peers on the torrent. */
export function tooManyPeers(maxPeers: number): ClientError {
  return new ClientError(`too many active peers for this torrent: at most ${maxPeers}`, 'too_many_peers');
}

/**
 * The private-mode gate of one announce, in the order a client would want to hear it (the
 * Redis announce script checks the same, in the same order). A torrent published without its
 * size (older registry data) is not checked against it.
 */
export function checkAnnounceGrant(
  user: UserGrant | null,
  torrent: TorrentGrant | null,
  left: bigint,
): { user: UserGrant; torrent: TorrentGrant } {
  const active = requireActiveUser(user);
  if (torrent === null) throw refusal('unregistered_torrent');
  if (!active.canLeech && left > 0n) throw refusal('leech_disabled');
  if (torrent.size !== undefined && left > BigInt(torrent.size)) throw refusal('left_exceeds_size');
  return { user: active, torrent };
}
