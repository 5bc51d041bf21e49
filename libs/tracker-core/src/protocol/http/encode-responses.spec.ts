import { describe, it, expect } from '@jest/globals';
import { decodeBencode } from '../../bencode/decode-bencode.js';
import { encodeAnnounceResponse } from './encode-announce-response.js';
import { encodeFailureResponse } from './encode-failure-response.js';
import { encodeScrapeResponse } from './encode-scrape-response.js';

const v4 = { ip: Buffer.from([10, 0, 0, 1]), port: 6881 };
const v4b = { ip: Buffer.from([192, 168, 1, 2]), port: 0x1234 };
const v6 = { ip: Buffer.from('20010db8000000000000000000000001', 'hex'), port: 51413 };
const counts = { complete: 3, incomplete: 2, downloaded: 7 };

const latin1 = (b: Buffer) => b.toString('latin1');

describe('encodeAnnounceResponse', () => {
  it('writes compact IPv4 and IPv6 peers (BEP 23, BEP 7) with sorted keys', () => {
    const body = encodeAnnounceResponse(
      { ...counts, interval: 1800, minInterval: 300, peers4: [v4, v4b], peers6: [v6] },
      { compact: true },
    );
    const expected = Buffer.concat([
      Buffer.from(
        'd8:completei3e10:downloadedi7e10:incompletei2e8:intervali1800e12:min intervali300e5:peers12:',
      ),
      Buffer.from([10, 0, 0, 1, 0x1a, 0xe1, 192, 168, 1, 2, 0x12, 0x34]),
      Buffer.from('6:peers618:'),
      v6.ip,
      Buffer.from([0xc8, 0xd5]),
      Buffer.from('e'),
    ]);
    expect(body).toEqual(expected);
  });

  it('writes an empty compact peer list and no peers6 when there are no IPv6 peers', () => {
    const body = encodeAnnounceResponse(
      { complete: 0, incomplete: 1, downloaded: 0, interval: 60, peers4: [], peers6: [] },
      { compact: true },
    );
    expect(latin1(body)).toBe('d8:completei0e10:downloadedi0e10:incompletei1e8:intervali60e5:peers0:e');
  });

  it('writes the dictionary model, ip and port only (no peer ids are kept), when compact=0', () => {
    const body = encodeAnnounceResponse(
      { ...counts, interval: 60, peers4: [v4], peers6: [v6] },
      { compact: false },
    );
    expect(latin1(body)).toBe(
      'd8:completei3e10:downloadedi7e10:incompletei2e8:intervali60e5:peersl' +
        'd2:ip8:10.0.0.14:porti6881ee' +
        'd2:ip11:2001:db8::14:porti51413ee' +
        'ee',
    );
  });

  it('adds a UTF-8 warning message last, with its byte length', () => {
    const body = encodeAnnounceResponse(
      { ...counts, interval: 60, peers4: [], peers6: [], warningMessage: 'slow down ✓' },
      { compact: true },
    );
    expect(body.toString('utf8')).toBe(
      'd8:completei3e10:downloadedi7e10:incompletei2e8:intervali60e5:peers0:15:warning message13:slow down ✓e',
    );
  });

  it('refuses a peer of the wrong family in a compact list instead of writing garbage', () => {
    expect(() =>
      encodeAnnounceResponse({ ...counts, interval: 60, peers4: [v6], peers6: [] }, { compact: true }),
    ).toThrow(TypeError);
  });
});

describe('encodeFailureResponse', () => {
  it('writes the reason alone', () => {
    expect(latin1(encodeFailureResponse('unregistered torrent'))).toBe(
      'd14:failure reason20:unregistered torrente',
    );
  });

  it('adds interval, min interval and retry in after the reason, in key order', () => {
    const body = encodeFailureResponse('too soon ⏳', { interval: 1800, minInterval: 300, retryIn: 5 });
    expect(body.toString('utf8')).toBe(
      'd14:failure reason12:too soon ⏳8:intervali1800e12:min intervali300e8:retry ini5ee',
    );
    expect(Object.keys(decodeBencode(body) as object)).toEqual([
      'failure reason',
      'interval',
      'min interval',
      'retry in',
    ]);
  });

  it('asks the client back after the minimum when only a minimum is given', () => {
    expect(latin1(encodeFailureResponse('announce too soon', { minInterval: 300 }))).toBe(
      'd14:failure reason17:announce too soon8:intervali300e12:min intervali300ee',
    );
  });

  it('sizes its buffer for the longest integers and a multi-byte reason', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const reason = '✓'.repeat(300);
    const body = encodeFailureResponse(reason, { interval: -max, minInterval: max, retryIn: max });
    expect(decodeBencode(body, { canonical: true })).toEqual({
      'failure reason': Buffer.from(reason),
      interval: -max,
      'min interval': max,
      'retry in': max,
    });
  });
});

describe('encodeScrapeResponse', () => {
  it('keys files by raw hash bytes, sorted, each duplicate once', () => {
    const high = Buffer.alloc(20, 0xff);
    const low = Buffer.alloc(20, 0x01);
    const body = encodeScrapeResponse(
      [high, low, high],
      [
        { complete: 1, incomplete: 2, downloaded: 3 },
        { complete: 4, incomplete: 5, downloaded: 6 },
        { complete: 1, incomplete: 2, downloaded: 3 },
      ],
    );
    const expected = Buffer.concat([
      Buffer.from('d5:filesd20:'),
      low,
      Buffer.from('d8:completei4e10:downloadedi6e10:incompletei5ee20:'),
      high,
      Buffer.from('d8:completei1e10:downloadedi3e10:incompletei2eeee'),
    ]);
    expect(body).toEqual(expected);
  });

  it('writes an empty files dictionary', () => {
    expect(latin1(encodeScrapeResponse([], []))).toBe('d5:filesdee');
  });
});
