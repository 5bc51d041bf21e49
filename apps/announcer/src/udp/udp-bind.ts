import dgram, { type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * One socket for the UDP tracker. With no host: `::` with dual stack, so IPv4 and IPv6
 * clients both reach it (IPv4 ones appear as `::ffff:a.b.c.d`), falling back to `0.0.0.0`
 * where the system has no IPv6; as the HTTP server does. A host is bound as its family says.
 */
export async function bindUdpSocket(host: string | undefined, port: number): Promise<Socket> {
  if (host === undefined || host === '::') {
    try {
      return await bind('udp6', '::', port);
    } catch (err) {
      if (!noIpv6(err)) throw err;
      return bind('udp4', '0.0.0.0', port);
    }
  }
  const family = isIP(host) || (await lookup(host)).family;
  return bind(family === 6 ? 'udp6' : 'udp4', host, port);
}

function bind(type: 'udp4' | 'udp6', address: string, port: number): Promise<Socket> {
  const socket = dgram.createSocket({ type, ipv6Only: false });
  return new Promise((resolve, reject) => {
    socket.once('error', (err) => {
      socket.close();
      reject(err);
    });
    socket.bind({ port, address, exclusive: true }, () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

function noIpv6(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'EAFNOSUPPORT' || code === 'EADDRNOTAVAIL' || code === 'EPROTONOSUPPORT';
}
