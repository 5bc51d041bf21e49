import { describe, expect, it } from '@jest/globals';
import { checkUdpTrackerUrl } from './udp-tracker-url.js';

describe('checkUdpTrackerUrl', () => {
  it('is off when empty', () => {
    expect(checkUdpTrackerUrl('')).toBe('');
    expect(checkUdpTrackerUrl('  ')).toBe('');
    expect(checkUdpTrackerUrl(undefined)).toBe('');
  });

  it.each([
    ['udp://tracker.example.org:3002', 'udp://tracker.example.org:3002'],
    ['udp://tracker.example.org:3002/', 'udp://tracker.example.org:3002'],
    [' udp://tracker.example.org:3002/announce ', 'udp://tracker.example.org:3002'],
    ['udp://[2001:db8::1]:6969', 'udp://[2001:db8::1]:6969'],
  ])('takes %j as the base %j', (input, base) => {
    expect(checkUdpTrackerUrl(input)).toBe(base);
  });

  it.each([
    'http://tracker.example.org:3002',
    'udp://tracker.example.org', // no port: udp has no default
    'udp://tracker.example.org:3002/announce?passkey=x', // the passkey is the member's, added per download
    'udp://tracker.example.org:3002/other',
    'udp://user:pw@tracker.example.org:3002',
    'udp://tracker.example.org:3002#x',
    'not a url',
  ])('refuses %j with a message', (input) => {
    expect(() => checkUdpTrackerUrl(input)).toThrow('UDP tracker URL must be empty (off) or udp://host:port');
  });
});
