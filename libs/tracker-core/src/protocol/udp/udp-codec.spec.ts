import { describe, expect, it } from '@jest/globals';
import { ClientError } from '../../errors/client-error.js';
import { readUdpHeader } from './read-udp-header.js';
import { parseUdpAnnounce } from './parse-udp-announce.js';
import { parseUdpScrape } from './parse-udp-scrape.js';
import {
  encodeUdpAnnounce,
  encodeUdpConnect,
  encodeUdpError,
  encodeUdpScrape,
} from './encode-udp-responses.js';
import { UDP_MAX_PEERS4, UDP_MAX_PEERS6 } from './udp-wire.js';

// Every datagram here is written out byte by byte from BEP 15's tables (big endian), not
// with our own encoders, so a shared mistake in encoder and parser cannot hide.
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const opts = { defaultNumWant: 50, maxNumWant: 200 };

const HASH = 'aa'.repeat(20);
const PEER_ID = '2d4c54323035302d' + 'bb'.repeat(12); // "-LT2050-" + 12 bytes

/** An announce as BEP 15 lays it out; each field given as hex. */
function announce(
  f: Partial<Record<'event' | 'ip' | 'numWant' | 'port' | 'down' | 'left' | 'up', string>> = {},
) {
  return hex(
    '0123456789abcdef' + // connection_id
      '00000001' + // action: announce
      'cafebabe' + // transaction_id
      HASH +
      PEER_ID +
      (f.down ?? '0000000000000400') + // downloaded 1024
      (f.left ?? '0000000000100000') + // left 1 MiB
      (f.up ?? '0000000000000200') + // uploaded 512
      (f.event ?? '00000002') + // started
      (f.ip ?? '00000000') +
      '12345678' + // key
      (f.numWant ?? 'ffffffff') + // -1: default
      (f.port ?? '1ae1'), // 6881
  );
}

describe('readUdpHeader', () => {
  it('recognises a connect request by the protocol id 0x41727101980 and action 0', () => {
    const header = readUdpHeader(hex('0000041727101980 00000000 01020304'));
    expect(header).toEqual({ kind: 'connect', transactionId: hex('01020304') });
  });

  it('gives nothing for a connect without the protocol id, or a datagram shorter than 16 bytes', () => {
    expect(readUdpHeader(hex('0000041727101981 00000000 01020304'))).toBeUndefined();
    expect(readUdpHeader(hex('0000041727101980 00000000 010203'))).toBeUndefined();
    expect(readUdpHeader(Buffer.alloc(0))).toBeUndefined();
  });

  it('reads the connection id and action of any other request, unjudged', () => {
    const header = readUdpHeader(hex('0123456789abcdef 00000007 01020304'));
    expect(header).toEqual({
      kind: 'request',
      connectionId: hex('0123456789abcdef'),
      action: 7,
      transactionId: hex('01020304'),
    });
  });
});

describe('parseUdpAnnounce', () => {
  it('reads every BEP 15 field into the same AnnounceRequest the HTTP parser gives', () => {
    const { request, urlData } = parseUdpAnnounce(announce(), opts);
    expect(request).toEqual({
      infoHash: hex(HASH),
      peerId: hex(PEER_ID),
      port: 6881,
      downloaded: 1024n,
      left: 1048576n,
      uploaded: 512n,
      corrupt: undefined,
      redundant: undefined,
      event: 'started',
      numWant: 50,
      compact: true,
      noPeerId: true,
      supportCrypto: false,
      key: hex('12345678'),
      clientIpv4: undefined,
      clientIpv6: undefined,
    });
    expect(urlData).toBeUndefined();
  });

  it('maps events 0..3 to none, completed, started, stopped and refuses others', () => {
    expect(parseUdpAnnounce(announce({ event: '00000000' }), opts).request.event).toBe('none');
    expect(parseUdpAnnounce(announce({ event: '00000001' }), opts).request.event).toBe('completed');
    expect(parseUdpAnnounce(announce({ event: '00000003' }), opts).request.event).toBe('stopped');
    expect(() => parseUdpAnnounce(announce({ event: '00000004' }), opts)).toThrow(
      new ClientError('invalid event: must be 0 (none), 1 (completed), 2 (started) or 3 (stopped)'),
    );
  });

  it('ignores the IP field: the peer is the datagram source, as HTTP ignores ip=', () => {
    const { request } = parseUdpAnnounce(announce({ ip: '0a000001' }), opts);
    expect(request.clientIpv4).toBeUndefined();
    expect(request.clientIpv6).toBeUndefined();
  });

  it('applies the default for any negative num_want and caps a large one', () => {
    expect(parseUdpAnnounce(announce({ numWant: 'fffffffe' }), opts).request.numWant).toBe(50);
    expect(parseUdpAnnounce(announce({ numWant: '00000007' }), opts).request.numWant).toBe(7);
    expect(parseUdpAnnounce(announce({ numWant: '7fffffff' }), opts).request.numWant).toBe(200);
    expect(parseUdpAnnounce(announce({ event: '00000003' }), opts).request.numWant).toBe(0);
  });

  it('refuses port 0 except on stopped, and negative counters', () => {
    expect(() => parseUdpAnnounce(announce({ port: '0000' }), opts)).toThrow('invalid port');
    expect(parseUdpAnnounce(announce({ port: '0000', event: '00000003' }), opts).request.port).toBe(0);
    expect(() => parseUdpAnnounce(announce({ left: 'ffffffffffffffff' }), opts)).toThrow(
      new ClientError('invalid left: must be from 0 to 2^63-1'),
    );
    expect(() => parseUdpAnnounce(announce({ up: '8000000000000000' }), opts)).toThrow('invalid uploaded');
  });

  it('refuses an announce shorter than 98 bytes', () => {
    expect(() => parseUdpAnnounce(announce().subarray(0, 97), opts)).toThrow(
      new ClientError('announce must be at least 98 bytes, got 97'),
    );
  });

  it('concatenates BEP 41 URLData options across NOPs, up to EndOfOptions', () => {
    const url = Buffer.from('/announce?passkey=0123456789abcdef0123456789abcdef');
    const options = Buffer.concat([
      hex('01'), // NOP
      hex('0209'), // URLData, 9 bytes
      url.subarray(0, 9),
      hex('01 01'),
      Buffer.from([0x02, url.length - 9]),
      url.subarray(9),
      hex('00'), // EndOfOptions: the rest is ignored
      hex('02ff'),
    ]);
    const { urlData } = parseUdpAnnounce(Buffer.concat([announce(), options]), opts);
    expect(urlData).toBe(url.toString());
  });

  it('skips an unknown option by its length, and refuses one that runs past the datagram', () => {
    const skipped = Buffer.concat([announce(), hex('0703 aabbcc 0202 2f61')]);
    expect(parseUdpAnnounce(skipped, opts).urlData).toBe('/a');
    expect(() => parseUdpAnnounce(Buffer.concat([announce(), hex('0205 2f61')]), opts)).toThrow(
      'malformed BEP 41 options',
    );
    expect(() => parseUdpAnnounce(Buffer.concat([announce(), hex('02')]), opts)).toThrow(
      'malformed BEP 41 options',
    );
  });

  it('refuses URL data past 1024 bytes', () => {
    const chunk = Buffer.concat([hex('02ff'), Buffer.alloc(255, 0x61)]);
    const long = Buffer.concat([announce(), chunk, chunk, chunk, chunk, chunk]);
    expect(() => parseUdpAnnounce(long, opts)).toThrow('URL data longer than 1024 bytes');
  });
});

describe('parseUdpScrape', () => {
  const header = '0123456789abcdef 00000002 01020304';

  it('reads the 20-byte hashes in request order, duplicates kept', () => {
    const req = parseUdpScrape(hex(header + HASH + 'cc'.repeat(20) + HASH), { maxHashes: 64 });
    expect(req.infoHashes).toEqual([hex(HASH), hex('cc'.repeat(20)), hex(HASH)]);
  });

  it('refuses no hash, a partial hash, and more than the limit or the 74 a packet holds', () => {
    expect(() => parseUdpScrape(hex(header), { maxHashes: 64 })).toThrow('one or more 20-byte info hashes');
    expect(() => parseUdpScrape(hex(header + 'aa'.repeat(21)), { maxHashes: 64 })).toThrow('20-byte');
    expect(() => parseUdpScrape(hex(header + HASH.repeat(3)), { maxHashes: 2 })).toThrow(
      'too many info_hash values (at most 2)',
    );
    expect(() => parseUdpScrape(hex(header + HASH.repeat(75)), { maxHashes: 1000 })).toThrow('(at most 74)');
  });
});

describe('encoders', () => {
  const tx = hex('cafebabe');

  it('connect: action 0, transaction id, connection id', () => {
    expect(encodeUdpConnect(tx, hex('0102030405060708')).toString('hex')).toBe(
      '00000000cafebabe0102030405060708',
    );
  });

  it('announce over IPv4: action 1, tx, interval, leechers, seeders, 6-byte peers', () => {
    const peers = [{ ip: hex('7f000001'), port: 6881 }];
    const out = encodeUdpAnnounce(tx, { interval: 1800, incomplete: 3, complete: 2, peers }, 4);
    expect(out.toString('hex')).toBe(
      '00000001cafebabe' + '00000708' + '00000003' + '00000002' + '7f0000011ae1',
    );
  });

  it('announce over IPv6: 18-byte peers', () => {
    const peers = [{ ip: hex('00000000000000000000000000000001'), port: 80 }];
    const out = encodeUdpAnnounce(tx, { interval: 60, incomplete: 0, complete: 1, peers }, 16);
    expect(out.toString('hex')).toBe(
      '00000001cafebabe0000003c0000000000000001' + '00000000000000000000000000000001' + '0050',
    );
  });

  it('scrape: seeders, completed, leechers per hash', () => {
    const out = encodeUdpScrape(tx, [
      { complete: 5, downloaded: 9, incomplete: 2 },
      { complete: 0, downloaded: 0, incomplete: 0 },
    ]);
    expect(out.toString('hex')).toBe('00000002cafebabe' + '000000050000000900000002' + '0'.repeat(24));
  });

  it('error: action 3, tx, the message as UTF-8', () => {
    expect(encodeUdpError(tx, 'unknown passkey')).toEqual(
      Buffer.concat([hex('00000003cafebabe'), Buffer.from('unknown passkey')]),
    );
  });

  it('peer caps keep an answer within a 1500-byte link', () => {
    expect(20 + UDP_MAX_PEERS4 * 6 + 28).toBeLessThanOrEqual(1500);
    expect(20 + (UDP_MAX_PEERS4 + 1) * 6 + 28).toBeGreaterThan(1500);
    expect(20 + UDP_MAX_PEERS6 * 18 + 48).toBeLessThanOrEqual(1500);
    expect(20 + (UDP_MAX_PEERS6 + 1) * 18 + 48).toBeGreaterThan(1500);
  });
});
