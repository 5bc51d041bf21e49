import { parseIpAddress, parseIpv4, parseIpv6, unmapIpv4 } from '../ip-address.js';

/**
 * The ip/ipv4/ipv6 announce params. `ip` (BEP 3) is either family; `ipv4`/`ipv6` (BEP 7)
 * must match their family and may also be an endpoint (`a.b.c.d:port`, `[v6]:port`),
 * whose port we drop: the announce's `port` is authoritative. Host names are refused:
 * resolving them would be I/O on the hot path and another way to aim traffic elsewhere.
 */
export function parseClientIp(name: 'ip' | 'ipv4' | 'ipv6', text: string): Buffer | undefined {
  if (name === 'ip') return parseIpAddress(text);
  if (name === 'ipv4') return parseIpv4(stripIpv4Port(text));
  const ipv6 = parseIpv6(stripIpv6Brackets(text));
  // An IPv4-mapped address is IPv4 in disguise: not what ipv6= promises.
  return ipv6 === undefined || unmapIpv4(ipv6).length === 4 ? undefined : ipv6;
}

function stripIpv4Port(text: string): string {
  const colon = text.indexOf(':');
  return colon === -1 ? text : text.slice(0, colon);
}

function stripIpv6Brackets(text: string): string {
  if (!text.startsWith('[')) return text;
  const close = text.indexOf(']');
  return close === -1 ? '' : text.slice(1, close);
}
