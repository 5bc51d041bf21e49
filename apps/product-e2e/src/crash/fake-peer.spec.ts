import { describe, expect, it } from '@jest/globals';
import { parseAnnounceQuery } from '../support/announce-record.js';
import { FakePeer } from './fake-peer.js';

describe('FakePeer', () => {
  const infoHash = Buffer.alloc(20, 0xab);

  it('owes the difference between its last and its first accepted counters', () => {
    const peer = new FakePeer('pk', infoHash, false);
    const first = parseAnnounceQuery(peer.nextQuery('started'));
    peer.accepted();
    peer.nextQuery('none'); // lost in a crash: never accepted
    const last = parseAnnounceQuery(peer.nextQuery('stopped'));
    peer.accepted();
    expect(first && last).toBeTruthy();
    expect(peer.earned()).toEqual({
      uploaded: (last?.uploaded ?? 0n) - (first?.uploaded ?? 0n),
      downloaded: (last?.downloaded ?? 0n) - (first?.downloaded ?? 0n),
    });
    expect(peer.earned().uploaded).toBeGreaterThan(0n);
  });

  it('grows its counters before every attempt after the first, accepted or not', () => {
    const peer = new FakePeer('pk', infoHash, true);
    const started = parseAnnounceQuery(peer.nextQuery('started'));
    const retried = parseAnnounceQuery(peer.nextQuery('started'));
    expect(retried?.uploaded).toBe(started?.uploaded); // no baseline yet: nothing transferred
    peer.accepted();
    const next = parseAnnounceQuery(peer.nextQuery('none'));
    expect(next?.uploaded).toBeGreaterThan(started?.uploaded ?? 0n);
    expect(next?.downloaded).toBe(started?.downloaded); // a seeder downloads nothing more
    expect(next?.left).toBe(0n);
  });

  it('sends binary ids percent-encoded byte by byte', () => {
    const peer = new FakePeer('pk', infoHash, false);
    const query = peer.nextQuery('started');
    expect(query).toContain(`info_hash=${'%ab'.repeat(20)}`);
    expect(parseAnnounceQuery(query)?.peerId).toBe(peer.peerId.toString('hex'));
    expect(query).toContain('event=started');
  });
});
