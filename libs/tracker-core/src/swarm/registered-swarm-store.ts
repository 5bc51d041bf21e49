import type { AnnounceRefused } from '../registry/announce-gate.js';
import type { SwarmAnnounce, SwarmAnnounceResult, SwarmStore } from './swarm-store.js';

/**
 * A private-mode announce as the port takes it: the passkey instead of the identity and
 * ledger context, which the store derives from the registry. `torrentSize` is the registry's.
 */
export interface RegisteredAnnounce extends Omit<SwarmAnnounce, 'peerKey' | 'ledger' | 'torrentSize'> {
  /** 32 hex characters, lower case, already validated by the caller (`requirePasskey`). */
  readonly passkey: string;
  /** Announcer instance name for the stats entry. */
  readonly instance: string;
}

export type RegisteredAnnounceResult = SwarmAnnounceResult | AnnounceRefused;

/**
 * A swarm store that also takes private-mode announces: the registry gate and the swarm step
 * in one call. Contract (the registered cases of `runSwarmStoreContract`):
 * - The gate is `gateAnnounce` of the passkey's user grant and the torrent's grant, in its
 *   order; a refusal returns `{ status: 'refused', code }` and changes nothing (no peer, no
 *   ledger entry).
 * - An accepted announce is a `SwarmStore.announce` with the peer key `registeredPeerKey`
 *   (the same peer as a plain announce with that key), the ledger context of the grants' ids
 *   and this announce's instance, and the torrent grant's size as `torrentSize`.
 * Adapters: Redis does it in one script (one round trip, one atomic step); the in-process
 * `RegistryGatedSwarmStore` reads the registry, then announces.
 */
export interface RegisteredSwarmStore extends SwarmStore {
  announceRegistered(input: RegisteredAnnounce): Promise<RegisteredAnnounceResult>;
}

/**
 * The peer key of a member's peer: the user id, not the passkey, because the key travels
 * into the stats ledger. The Redis announce script builds the same (KEY-SCHEMA.md).
 */
export function registeredPeerKey(userId: number, peerId: Buffer): string {
  return `u${userId}:${peerId.toString('hex')}`;
}
