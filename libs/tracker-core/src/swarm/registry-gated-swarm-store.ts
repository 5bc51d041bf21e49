import { gateAnnounce } from '../registry/announce-gate.js';
import type { RegistryReader } from '../registry/registry.js';
import {
  registeredPeerKey,
  type RegisteredAnnounce,
  type RegisteredAnnounceResult,
  type RegisteredSwarmStore,
} from './registered-swarm-store.js';
import type { SwarmAnnounce, SwarmCounts, SwarmStore } from './swarm-store.js';

/**
 * `RegisteredSwarmStore` for a store that cannot read the registry itself (in-process, or
 * a store injected by a caller): the gate reads `registry`, then `store` announces. Two
 * steps, so a ban landing between them takes effect on the next announce, as a cached
 * registry answer would.
 */
export class RegistryGatedSwarmStore implements RegisteredSwarmStore {
  constructor(
    private readonly store: SwarmStore,
    private readonly registry: RegistryReader,
  ) {}

  async announceRegistered(input: RegisteredAnnounce): Promise<RegisteredAnnounceResult> {
    const gate = gateAnnounce(await this.registry.lookup(input.passkey, input.infoHash), input.left);
    if (gate.status === 'refused') return gate;
    const { userId } = gate.user;
    const { torrentId, size } = gate.torrent;
    const { passkey: _passkey, instance, ...swarm } = input;
    return this.store.announce({
      ...swarm,
      peerKey: registeredPeerKey(userId, input.peerId),
      ledger: { userId, torrentId, instance },
      torrentSize: size === undefined ? undefined : BigInt(size),
    });
  }

  announce(input: SwarmAnnounce) {
    return this.store.announce(input);
  }

  scrape(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]> {
    return this.store.scrape(infoHashes);
  }

  counts(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]> {
    return this.store.counts(infoHashes);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
