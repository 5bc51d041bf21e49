import { describe, it, expect } from '@jest/globals';
import { formatIpAddress, parseIpAddress, parseIpv4, parseIpv6 } from './ip-address.js';

const hex = (b: Buffer | undefined) => b?.toString('hex');

describe('parseIpv4', () => {
  it('reads a dotted quad', () => {
    expect(parseIpv4('192.0.2.255')).toEqual(Buffer.from([192, 0, 2, 255]));
  });

  it.each(['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '', 'a.b.c.d', '1..2.3'])(
    'refuses %j',
    (t) => {
      expect(parseIpv4(t)).toBeUndefined();
    },
  );
});

describe('parseIpv6', () => {
  it.each([
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['2001:db8::', '20010db8000000000000000000000000'],
    ['2001:DB8:0:0:1:0:0:1', '20010db8000000000001000000000001'],
    ['fe80::1:2', 'fe800000000000000000000000010002'],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201'],
    ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221'],
  ])('reads %s', (text, bytes) => {
    expect(hex(parseIpv6(text))).toBe(bytes);
  });

  it.each([
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '1:2:3:4:5:6:7',
    '12345::',
    ':1',
    'g::1',
    '1:2:3:4:5:6:7::8',
    '::1.2.3',
    '1.2.3.4::',
  ])('refuses %j', (t) => {
    expect(parseIpv6(t)).toBeUndefined();
  });
});

describe('parseIpAddress', () => {
  it('returns IPv4-mapped IPv6 as IPv4', () => {
    expect(parseIpAddress('::ffff:10.1.2.3')).toEqual(Buffer.from([10, 1, 2, 3]));
  });
});

describe('formatIpAddress', () => {
  it.each([
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['00000000000000000000000000000000', '::'],
    ['00010000000000000000000000000000', '1::'],
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
    ['20010000000000010000000000000001', '2001:0:0:1::1'],
    ['20010000000000010000000000010001', '2001::1:0:0:1:1'],
  ])('writes %s as %s (RFC 5952)', (bytes, text) => {
    expect(formatIpAddress(Buffer.from(bytes, 'hex'))).toBe(text);
  });

  it('refuses a buffer that is no address', () => {
    expect(() => formatIpAddress(Buffer.alloc(5))).toThrow(TypeError);
  });
});
