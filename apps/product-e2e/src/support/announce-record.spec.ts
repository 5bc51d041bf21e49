import { describe, expect, it } from '@jest/globals';
import { encodeBencode } from '@tracker/core';
import { expectedCredit, failureOf, parseAnnounceQuery, type AnnounceRecord } from './announce-record.js';

// The real-clients test trusts these helpers for its expected figures: check them alone.
describe('parseAnnounceQuery', () => {
  it('decodes percent-escapes as bytes, so a binary peer_id keeps every byte', () => {
    const parsed = parseAnnounceQuery(
      'passkey=0123456789abcdef0123456789abcdef&peer_id=%FF%00A-&uploaded=12&downloaded=0&left=5&event=completed',
    );
    expect(parsed).toEqual({
      passkey: '0123456789abcdef0123456789abcdef',
      peerId: 'ff00412d',
      event: 'completed',
      uploaded: 12n,
      downloaded: 0n,
      left: 5n,
    });
  });

  it('keeps counters beyond 2^53 exact and reads a missing event as none', () => {
    const parsed = parseAnnounceQuery('peer_id=x&uploaded=18446744073709551615&downloaded=1&left=0');
    expect(parsed?.uploaded).toBe(18446744073709551615n);
    expect(parsed?.event).toBe('none');
  });

  it('refuses a query without peer_id or with a non-numeric counter', () => {
    expect(parseAnnounceQuery('uploaded=1&downloaded=1')).toBeNull();
    expect(parseAnnounceQuery('peer_id=x&uploaded=-1&downloaded=1')).toBeNull();
  });
});

describe('failureOf', () => {
  it('tells a normal answer, a failure reason and an unreadable body apart', () => {
    expect(failureOf(encodeBencode({ interval: 60, peers: new Uint8Array() }))).toBe('');
    expect(failureOf(encodeBencode({ 'failure reason': 'unregistered torrent' }))).toBe(
      'unregistered torrent',
    );
    expect(failureOf(Buffer.from('<html>bad gateway</html>'))).toBeNull();
  });
});

describe('expectedCredit', () => {
  const announce = (peerId: string, up: number, down: number, accepted = true): AnnounceRecord => ({
    passkey: 'pk',
    peerId,
    event: 'none',
    uploaded: BigInt(up),
    downloaded: BigInt(down),
    left: 0n,
    accepted,
    failure: accepted ? null : 'announce too soon',
  });

  it('credits each peer its growth since its first accepted announce, skipping refused ones', () => {
    const credit = expectedCredit([
      announce('a', 100, 50),
      announce('b', 7, 7),
      announce('a', 130, 90, false),
      announce('a', 150, 95),
      announce('b', 10, 7),
    ]);
    expect(credit.get('pk')).toEqual({ uploaded: 53n, downloaded: 45n });
  });

  it('earns nothing when a counter goes down (client restart) and counts on from there', () => {
    const credit = expectedCredit([announce('a', 100, 0), announce('a', 20, 0), announce('a', 25, 0)]);
    expect(credit.get('pk')).toEqual({ uploaded: 5n, downloaded: 0n });
  });
});
