import { describe, it, expect } from '@jest/globals';
import { ClientError } from '../../errors/client-error.js';
import { resolvePeerIp } from './resolve-peer-ip.js';

const PROXY = ['10.0.0.1', '::1'];
const v4 = (...b: number[]) => Buffer.from(b);

describe('resolvePeerIp', () => {
  it('uses the socket address when no proxy is trusted, whatever the header says', () => {
    expect(
      resolvePeerIp({ socketAddress: '203.0.113.5', forwardedFor: '198.51.100.1', trustProxy: [] }),
    ).toEqual(v4(203, 0, 113, 5));
  });

  it('turns an IPv4-mapped socket address into IPv4 and keeps real IPv6 as 16 bytes', () => {
    expect(
      resolvePeerIp({ socketAddress: '::ffff:203.0.113.5', forwardedFor: undefined, trustProxy: [] }),
    ).toEqual(v4(203, 0, 113, 5));
    const ip = resolvePeerIp({ socketAddress: 'fe80::1%eth0', forwardedFor: undefined, trustProxy: [] });
    expect(ip.toString('hex')).toBe('fe800000000000000000000000000001');
  });

  it('ignores X-Forwarded-For from a socket that is not a trusted proxy', () => {
    expect(
      resolvePeerIp({ socketAddress: '203.0.113.5', forwardedFor: '198.51.100.1', trustProxy: PROXY }),
    ).toEqual(v4(203, 0, 113, 5));
  });

  it('takes the right-most entry that is not a trusted proxy, never a forged one to its left', () => {
    const ip = resolvePeerIp({
      socketAddress: '::ffff:10.0.0.1',
      forwardedFor: ['6.6.6.6, 198.51.100.7', '10.0.0.1'],
      trustProxy: PROXY,
    });
    expect(ip).toEqual(v4(198, 51, 100, 7));
  });

  it('accepts entries with ports and bracketed IPv6', () => {
    expect(
      resolvePeerIp({ socketAddress: '::1', forwardedFor: '[2001:db8::7]:4711', trustProxy: PROXY }).toString(
        'hex',
      ),
    ).toBe('20010db8000000000000000000000007');
    expect(
      resolvePeerIp({ socketAddress: '::1', forwardedFor: '198.51.100.7:4711', trustProxy: PROXY }),
    ).toEqual(v4(198, 51, 100, 7));
  });

  it.each([
    ['no header from the proxy', undefined],
    ['only proxies in the header', '10.0.0.1'],
    ['a malformed entry', 'unknown, nonsense'],
  ])('refuses with a ClientError on %s', (_, forwardedFor) => {
    expect(() => resolvePeerIp({ socketAddress: '10.0.0.1', forwardedFor, trustProxy: PROXY })).toThrow(
      ClientError,
    );
  });

  it('refuses a missing socket address with a ClientError', () => {
    expect(() =>
      resolvePeerIp({ socketAddress: undefined, forwardedFor: undefined, trustProxy: [] }),
    ).toThrow(ClientError);
  });

  it('reports a trusted proxy that is not an address as a configuration error', () => {
    expect(() =>
      resolvePeerIp({ socketAddress: '10.0.0.9', forwardedFor: undefined, trustProxy: ['proxy.lan'] }),
    ).toThrow('trusted proxy is not an IP address: proxy.lan');
  });
});
