import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { ClientError } from '../../errors/client-error.js';
import { encodeBencode } from '../../bencode/index.js';
import type { AnnounceEvent, SwarmPeer } from '../../swarm/swarm-store.js';
import { formatIpAddress, parseIpAddress, unmapIpv4 } from '../ip-address.js';
import {
  decodeCompactPeers4,
  decodeCompactPeers6,
  encodeCompactPeers4,
  encodeCompactPeers6,
} from './compact-peers.js';
import { encodeAnnounceResponse } from './encode-announce-response.js';
import { parseAnnounceQuery } from './parse-announce-query.js';
import { parseScrapeQuery } from './parse-scrape-query.js';

const opts = { defaultNumWant: 50, maxNumWant: 200, allowClientIp: false };
const MAX = 0x7fffffffffffffffn;
const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Percent-encodes bytes the way some client might: escapes or not, either hex case. */
const encodedBytes = (bytes: Uint8Array) =>
  fc
    .tuple(fc.array(fc.boolean(), { minLength: bytes.length, maxLength: bytes.length }), fc.boolean())
    .map(([escape, upper]) =>
      [...bytes]
        .map((b, i) => {
          const char = String.fromCharCode(b);
          if (UNRESERVED.test(char) && !escape[i]) return char;
          const hex = b.toString(16).padStart(2, '0');
          return `%${upper ? hex.toUpperCase() : hex}`;
        })
        .join(''),
    );

const bytes20 = fc.uint8Array({ minLength: 20, maxLength: 20 });
const counter = fc.bigInt({ min: 0n, max: MAX });
const events: AnnounceEvent[] = ['started', 'completed', 'stopped', 'paused', 'none'];

const announce = fc.record({
  infoHash: bytes20,
  peerId: bytes20,
  key: fc.option(fc.uint8Array({ minLength: 0, maxLength: 16 }), { nil: undefined }),
  port: fc.integer({ min: 1, max: 65535 }),
  uploaded: counter,
  downloaded: counter,
  left: counter,
  corrupt: fc.option(counter, { nil: undefined }),
  event: fc.constantFrom(...events),
  numWant: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
  compact: fc.boolean(),
  noPeerId: fc.boolean(),
  supportCrypto: fc.boolean(),
});

type Announce = typeof announce extends fc.Arbitrary<infer T> ? T : never;

/** The query a client would send for `a`, params in a random order with unknown extras. */
const queryFor = (a: Announce) =>
  fc
    .tuple(encodedBytes(a.infoHash), encodedBytes(a.peerId), encodedBytes(a.key ?? new Uint8Array()))
    .chain(([infoHash, peerId, key]) => {
      const params = [
        `info_hash=${infoHash}`,
        `peer_id=${peerId}`,
        `port=${a.port}`,
        `uploaded=${a.uploaded}`,
        `downloaded=${a.downloaded}`,
        `left=${a.left}`,
        `compact=${a.compact ? 1 : 0}`,
        `no_peer_id=${a.noPeerId ? 1 : 0}`,
        `supportcrypto=${a.supportCrypto ? 1 : 0}`,
        'trackerid=whatever',
      ];
      if (a.key !== undefined) params.push(`key=${key}`);
      if (a.corrupt !== undefined) params.push(`corrupt=${a.corrupt}`);
      if (a.numWant !== undefined) params.push(`numwant=${a.numWant}`);
      if (a.event !== 'none') params.push(`event=${a.event}`);
      return fc.shuffledSubarray(params, { minLength: params.length, maxLength: params.length });
    })
    .map((params) => params.join('&'));

function onlyClientErrors(run: () => unknown): boolean {
  try {
    run();
  } catch (err) {
    if (!(err instanceof ClientError)) throw err;
  }
  return true;
}

describe('announce query round trip', () => {
  it('parses back every field of a query built from random values', () => {
    fc.assert(
      fc.property(
        announce.chain((a) => queryFor(a).map((q) => [a, q] as const)),
        ([a, query]) => {
          const req = parseAnnounceQuery(query, opts);
          expect(req.infoHash).toEqual(Buffer.from(a.infoHash));
          expect(req.peerId).toEqual(Buffer.from(a.peerId));
          expect(req.key).toEqual(a.key === undefined ? undefined : Buffer.from(a.key));
          expect([req.uploaded, req.downloaded, req.left, req.corrupt]).toEqual([
            a.uploaded,
            a.downloaded,
            a.left,
            a.corrupt,
          ]);
          expect(req).toMatchObject({
            port: a.port,
            event: a.event,
            compact: a.compact,
            noPeerId: a.noPeerId,
            supportCrypto: a.supportCrypto,
          });
          const wanted = a.event === 'stopped' ? 0 : Math.min(a.numWant ?? 50, 200);
          expect(req.numWant).toBe(wanted);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('decoders never throw anything but ClientError', () => {
  const queryChars = fc.constantFrom(...'%&=+0123456789abcdefABCDEF_xyz\u00ff\u0100 '.split(''));
  const queryish = fc.oneof(
    fc.string({ unit: queryChars, maxLength: 200 }),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
    fc
      .array(
        fc.tuple(
          fc.constantFrom(
            'info_hash',
            'peer_id',
            'port',
            'left',
            'event',
            'numwant',
            'key',
            'ip',
            'ipv6',
            'compact',
          ),
          fc.string({ unit: queryChars, maxLength: 70 }),
        ),
        { maxLength: 12 },
      )
      .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
  );

  // Valid queries with a few characters overwritten reach the checks deep inside each field.
  const damaged = announce.chain(queryFor).chain((q) =>
    fc
      .array(fc.tuple(fc.nat(q.length), fc.string({ unit: queryChars, minLength: 1, maxLength: 3 })), {
        minLength: 1,
        maxLength: 4,
      })
      .map((edits) =>
        edits.reduce((acc, [at, text]) => acc.slice(0, at) + text + acc.slice(at + text.length), q),
      ),
  );

  it('parseAnnounceQuery', () => {
    fc.assert(
      fc.property(fc.oneof(queryish, damaged), fc.boolean(), (q, allowClientIp) =>
        onlyClientErrors(() => parseAnnounceQuery(q, { ...opts, allowClientIp })),
      ),
      { numRuns: 2000 },
    );
  });

  it('parseScrapeQuery', () => {
    fc.assert(
      fc.property(queryish, (q) => onlyClientErrors(() => parseScrapeQuery(q, { maxHashes: 5 }))),
      { numRuns: 2000 },
    );
  });

  it('compact peer decoders', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) =>
        onlyClientErrors(() => [decodeCompactPeers4(b), decodeCompactPeers6(b)]),
      ),
    );
  });
});

const peer = (ipBytes: 4 | 16) =>
  fc.record({
    ip: fc.uint8Array({ minLength: ipBytes, maxLength: ipBytes }).map((b) => Buffer.from(b)),
    port: fc.integer({ min: 0, max: 65535 }),
  });

describe('compact peers round trip', () => {
  it('IPv4 (BEP 23) and IPv6 (BEP 7)', () => {
    fc.assert(
      fc.property(fc.array(peer(4), { maxLength: 30 }), fc.array(peer(16), { maxLength: 30 }), (v4, v6) => {
        const endpoints = (ps: SwarmPeer[]) => ps.map(({ ip, port }) => ({ ip, port }));
        expect(decodeCompactPeers4(encodeCompactPeers4(v4))).toEqual(endpoints(v4));
        expect(decodeCompactPeers6(encodeCompactPeers6(v6))).toEqual(endpoints(v6));
      }),
    );
  });
});

describe('IP address text round trip', () => {
  it('format then parse gives the same bytes (mapped IPv6 comes back as IPv4)', () => {
    const ip = fc.oneof(
      fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
    );
    fc.assert(
      fc.property(ip, (bytes) => {
        expect(parseIpAddress(formatIpAddress(bytes))).toEqual(unmapIpv4(Buffer.from(bytes)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('announce response encoder', () => {
  it('writes the same bytes as the generic canonical bencode encoder', () => {
    const response = fc.record({
      interval: fc.integer({ min: 0, max: 1e6 }),
      minInterval: fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: undefined }),
      complete: fc.nat(),
      incomplete: fc.nat(),
      downloaded: fc.nat(),
      peers4: fc.array(peer(4), { maxLength: 10 }),
      peers6: fc.array(peer(16), { maxLength: 10 }),
      warningMessage: fc.option(fc.string(), { nil: undefined }),
    });
    fc.assert(
      fc.property(response, fc.boolean(), (res, compact) => {
        const dictPeer = (p: SwarmPeer) => ({ ip: formatIpAddress(p.ip), port: p.port });
        const model = {
          complete: res.complete,
          downloaded: res.downloaded,
          incomplete: res.incomplete,
          interval: res.interval,
          'min interval': res.minInterval,
          peers: compact ? encodeCompactPeers4(res.peers4) : [...res.peers4, ...res.peers6].map(dictPeer),
          peers6: compact && res.peers6.length > 0 ? encodeCompactPeers6(res.peers6) : undefined,
          'warning message': res.warningMessage,
        };
        expect(encodeAnnounceResponse(res, { compact })).toEqual(encodeBencode(model));
      }),
      { numRuns: 300 },
    );
  });
});
