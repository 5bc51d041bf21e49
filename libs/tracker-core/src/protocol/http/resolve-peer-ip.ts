import { ClientError } from '../../errors/client-error.js';
import { parseIpAddress } from '../ip-address.js';

export interface PeerIpSources {
  /** The TCP peer (`req.socket.remoteAddress`); undefined once the socket is gone. */
  readonly socketAddress: string | undefined;
  /** The X-Forwarded-For header, as one string or one per header line. */
  readonly forwardedFor: string | readonly string[] | undefined;
  /** IP literals of the reverse proxies allowed to set X-Forwarded-For. Empty: never read it. */
  readonly trustProxy: readonly string[];
}

const parsedProxies = new WeakMap<readonly string[], Buffer[]>();

/**
 * The address to register for the announcing peer, as 4 or 16 bytes (IPv4-mapped IPv6
 * becomes IPv4). X-Forwarded-For is believed only when the TCP peer is a trusted proxy,
 * and then only its right-most entry that is not itself a trusted proxy: everything left
 * of that was written by the client and can be forged.
 */
export function resolvePeerIp(sources: PeerIpSources): Buffer {
  const socketIp = parseEndpointIp(sources.socketAddress ?? '');
  if (socketIp === undefined) throw unknownAddress();
  const proxies = trustedProxies(sources.trustProxy);
  if (!isOneOf(socketIp, proxies)) return socketIp;
  const header =
    typeof sources.forwardedFor === 'string' ? sources.forwardedFor : sources.forwardedFor?.join(',');
  const entries = header === undefined ? [] : header.split(',');
  for (let i = entries.length - 1; i >= 0; i--) {
    const ip = parseEndpointIp(entries[i].trim());
    // A malformed entry after our own proxies means the chain is broken: no guessing.
    if (ip === undefined) throw unknownAddress();
    if (!isOneOf(ip, proxies)) return ip;
  }
  // A trusted proxy that sent no client address is misconfigured; registering the proxy's
  // own address for every peer would silently break every swarm.
  throw unknownAddress();
}

/** Accepts `addr`, `addr%zone`, `a.b.c.d:port` and `[v6]:port` (some proxies append ports). */
function parseEndpointIp(text: string): Buffer | undefined {
  let host = text;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    host = close === -1 ? '' : host.slice(1, close);
  } else if (host.indexOf(':') !== -1 && host.indexOf(':') === host.lastIndexOf(':')) {
    host = host.slice(0, host.indexOf(':'));
  }
  const zone = host.indexOf('%');
  if (zone !== -1) host = host.slice(0, zone);
  return parseIpAddress(host);
}

function trustedProxies(list: readonly string[]): Buffer[] {
  if (list.length === 0) return [];
  let parsed = parsedProxies.get(list);
  if (parsed === undefined) {
    parsed = list.map((text) => {
      const ip = parseEndpointIp(text);
      if (ip === undefined) throw new Error(`trusted proxy is not an IP address: ${text}`);
      return ip;
    });
    parsedProxies.set(list, parsed);
  }
  return parsed;
}

function isOneOf(ip: Buffer, list: readonly Buffer[]): boolean {
  for (const candidate of list) if (candidate.equals(ip)) return true;
  return false;
}

function unknownAddress(): ClientError {
  return new ClientError('cannot determine your IP address', 'invalid_peer_address');
}
