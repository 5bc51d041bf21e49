import type { AnnounceEvent } from '../../swarm/swarm-store.js';

/** A parsed, validated announce query. Binary values are raw bytes, counters are bigint. */
export interface AnnounceRequest {
  /** 20 bytes. */
  readonly infoHash: Buffer;
  /** 20 bytes. */
  readonly peerId: Buffer;
  /** 1-65535; 0 only when event is `stopped`. */
  readonly port: number;
  readonly uploaded: bigint;
  readonly downloaded: bigint;
  readonly left: bigint;
  /** Sent by libtorrent-based clients only. */
  readonly corrupt: bigint | undefined;
  readonly redundant: bigint | undefined;
  readonly event: AnnounceEvent;
  /** Peers wanted, default applied and capped (see AnnounceParseOptions). */
  readonly numWant: number;
  /** True unless the client sent compact=0 (every current client asks for compact). */
  readonly compact: boolean;
  /** Parsed and kept for completeness; answers never carry peer ids anyway (SwarmPeer). */
  readonly noPeerId: boolean;
  readonly supportCrypto: boolean;
  /** Opaque bytes (clients differ: raw bytes, upper or lower hex). */
  readonly key: Buffer | undefined;
  /** Address the client asked us to use (ip/ipv4 params); set only when options allow it. */
  readonly clientIpv4: Buffer | undefined;
  /** Address the client asked us to use (ip/ipv6 params); set only when options allow it. */
  readonly clientIpv6: Buffer | undefined;
}

export interface AnnounceParseOptions {
  /** numwant when the client sends none. */
  readonly defaultNumWant: number;
  /** numwant above this is lowered to it. */
  readonly maxNumWant: number;
  /**
   * Honour ip/ipv4/ipv6. Off by default in spirit: BEP 7 warns they let anyone aim other
   * peers' traffic at a third party. They are validated either way.
   */
  readonly allowClientIp: boolean;
}

export interface ScrapeParseOptions {
  /** More info_hash values than this is a client error. */
  readonly maxHashes: number;
}

export interface ScrapeRequest {
  /** Each 20 bytes, in request order, duplicates kept (the encoder drops them). */
  readonly infoHashes: Buffer[];
}
