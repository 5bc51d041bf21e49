import { ClientError } from '../errors/client-error.js';
import { isPasskey } from './passkey.js';
import type { RegistryLookup, TorrentGrant, UserGrant } from './registry.js';

/** Why the registry gate refused an announce (also the failure metric label). */
export type RefusalCode =
  'unknown_passkey' | 'account_disabled' | 'unregistered_torrent' | 'leech_disabled' | 'left_exceeds_size';

/** What the client is told for each refusal, whichever adapter found it. */
const REFUSAL_REASONS: Readonly<Record<RefusalCode, string>> = {
  unknown_passkey: 'unknown passkey',
  account_disabled: 'your account is disabled',
  unregistered_torrent: 'unregistered torrent',
  leech_disabled: 'leeching is disabled for your account',
  left_exceeds_size: "left exceeds the torrent's size",
};

/** A passkey must look right before we spend a registry lookup on it; lower case on the way out. */
export function requirePasskey(passkey: string | null | undefined): string {
  if (passkey === undefined) throw new ClientError('missing passkey', 'missing_passkey');
  if (passkey === null || !isPasskey(passkey)) throw new ClientError('invalid passkey', 'invalid_passkey');
  return passkey.toLowerCase();
}

/** The client-facing error for a registry refusal. */
export function refusal(code: RefusalCode): ClientError {
  return new ClientError(REFUSAL_REASONS[code], code);
}

/** The client-facing error when a member already has `maxPeers` live peers on the torrent. */
export function tooManyPeers(maxPeers: number): ClientError {
  return new ClientError(`too many active peers for this torrent: at most ${maxPeers}`, 'too_many_peers');
}

/** The user, if active; else throws the refusal (scrape). */
export function requireActiveUser(user: UserGrant | null): UserGrant {
  if (user === null) throw refusal('unknown_passkey');
  if (!user.enabled) throw refusal('account_disabled');
  return user;
}

/** The gate refused the announce; nothing changed. */
export interface AnnounceRefused {
  readonly status: 'refused';
  readonly code: RefusalCode;
}

/** The gate let the announce through, with the grants it was judged by. */
export interface AnnounceAdmitted {
  readonly status: 'admitted';
  readonly user: UserGrant;
  readonly torrent: TorrentGrant;
}

/**
 * The private-mode gate of one announce, in the order a client would want to hear it. The
 * Redis announce script checks the same in the same order (the swarm-store contract holds
 * both to it). A torrent published without its size (older registry data) is not checked
 * against it.
 */
export function gateAnnounce(found: RegistryLookup, left: bigint): AnnounceAdmitted | AnnounceRefused {
  const { user, torrent } = found;
  const refused = (code: RefusalCode): AnnounceRefused => ({ status: 'refused', code });
  if (user === null) return refused('unknown_passkey');
  if (!user.enabled) return refused('account_disabled');
  if (torrent === null) return refused('unregistered_torrent');
  if (!user.canLeech && left > 0n) return refused('leech_disabled');
  if (torrent.size !== undefined && left > BigInt(torrent.size)) return refused('left_exceeds_size');
  return { status: 'admitted', user, torrent };
}
