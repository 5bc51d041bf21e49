import { ClientError } from '@tracker/core';
import { isPasskey, type TorrentGrant, type UserGrant } from '@tracker/redis';

/** A passkey must look right before we spend a registry lookup on it. */
export function requirePasskey(passkey: string | null | undefined): string {
  if (passkey === undefined) throw new ClientError('missing passkey', 'missing_passkey');
  if (passkey === null || !isPasskey(passkey)) throw new ClientError('invalid passkey', 'invalid_passkey');
  return passkey.toLowerCase();
}

export function requireActiveUser(user: UserGrant | null): UserGrant {
  if (user === null) throw new ClientError('unknown passkey', 'unknown_passkey');
  if (!user.enabled) throw new ClientError('your account is disabled', 'account_disabled');
  return user;
}

/** The private-mode gate of one announce, in the order a client would want to hear it. */
export function checkAnnounceGrant(
  user: UserGrant | null,
  torrent: TorrentGrant | null,
  left: bigint,
): { user: UserGrant; torrent: TorrentGrant } {
  const active = requireActiveUser(user);
  if (torrent === null) throw new ClientError('unregistered torrent', 'unregistered_torrent');
  if (!active.canLeech && left > 0n)
    throw new ClientError('leeching is disabled for your account', 'leech_disabled');
  return { user: active, torrent };
}
