import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isClientError } from '../../errors/client-error.js';
import { parseUdpAnnounce } from './parse-udp-announce.js';
import { parseUdpScrape } from './parse-udp-scrape.js';
import { readUdpHeader } from './read-udp-header.js';
import {
  encodeUdpAnnounce,
  encodeUdpConnect,
  encodeUdpError,
  encodeUdpScrape,
} from './encode-udp-responses.js';
import {
  decodeUdpResponse,
  encodeUdpAnnounceRequest,
  encodeUdpConnectRequest,
  encodeUdpScrapeRequest,
} from './udp-client-codec.js';
import { UDP_EVENTS } from './udp-wire.js';

const opts = { defaultNumWant: 50, maxNumWant: 200 };
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b));
const counter = fc.bigInt({ min: 0n, max: 0x7fffffffffffffffn });
const count = fc.integer({ min: 0, max: 0x7fffffff });
const urlChars = fc.constantFrom(...'/?&=%abcdefghijklmnopqrstuvwxyz0123456789-_.~'.split(''));

const announce = fc.record({
  connectionId: bytes(8),
  transactionId: bytes(4),
  infoHash: bytes(20),
  peerId: bytes(20),
  downloaded: counter,
  left: counter,
  uploaded: counter,
  event: fc.constantFrom(...UDP_EVENTS),
  ip: fc.integer({ min: 0, max: 0xffffffff }),
  key: bytes(4),
  numWant: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  port: fc.integer({ min: 1, max: 65535 }),
  urlData: fc.option(
    fc.array(urlChars, { maxLength: 1024 }).map((c) => c.join('')),
    { nil: undefined },
  ),
});

describe('UDP codec round trips', () => {
  it('an announce a client encodes parses back to the same fields', () => {
    fc.assert(
      fc.property(announce, (a) => {
        const datagram = encodeUdpAnnounceRequest(a);
        const header = readUdpHeader(datagram);
        expect(header).toEqual({
          kind: 'request',
          connectionId: a.connectionId,
          action: 1,
          transactionId: a.transactionId,
        });
        const { request, urlData } = parseUdpAnnounce(datagram, opts);
        expect(request).toMatchObject({
          infoHash: a.infoHash,
          peerId: a.peerId,
          downloaded: a.downloaded,
          left: a.left,
          uploaded: a.uploaded,
          event: a.event,
          key: a.key,
          port: a.port,
        });
        const wanted = a.event === 'stopped' ? 0 : a.numWant < 0 ? 50 : Math.min(a.numWant, 200);
        expect(request.numWant).toBe(wanted);
        // An empty URL encodes as no URLData option at all.
        expect(urlData).toBe(a.urlData === '' ? undefined : a.urlData);
      }),
    );
  });

  it('a scrape of 1..74 hashes parses back in order', () => {
    fc.assert(
      fc.property(
        bytes(8),
        bytes(4),
        fc.array(bytes(20), { minLength: 1, maxLength: 74 }),
        (cid, tx, hashes) => {
          const datagram = encodeUdpScrapeRequest(cid, tx, hashes);
          expect(parseUdpScrape(datagram, { maxHashes: 74 }).infoHashes).toEqual(hashes);
        },
      ),
    );
  });

  it('a connect request is recognised with its transaction id', () => {
    fc.assert(
      fc.property(bytes(4), (tx) => {
        expect(readUdpHeader(encodeUdpConnectRequest(tx))).toEqual({ kind: 'connect', transactionId: tx });
      }),
    );
  });

  it('every answer the tracker encodes decodes back to what was encoded', () => {
    const peer4 = fc.record({ ip: bytes(4), port: fc.integer({ min: 0, max: 65535 }) });
    const peer6 = fc.record({ ip: bytes(16), port: fc.integer({ min: 0, max: 65535 }) });
    fc.assert(
      fc.property(
        bytes(4),
        bytes(8),
        fc.record({ interval: count, complete: count, incomplete: count }),
        fc.oneof(fc.array(peer4, { maxLength: 50 }), fc.array(peer6, { maxLength: 50 })),
        fc.array(fc.record({ complete: count, downloaded: count, incomplete: count }), { maxLength: 74 }),
        fc.string({ maxLength: 200 }),
        (tx, cid, swarm, peers, counts, message) => {
          const ipBytes = peers[0]?.ip.length === 16 ? 16 : 4;
          expect(decodeUdpResponse(encodeUdpConnect(tx, cid))).toEqual({
            action: 'connect',
            transactionId: tx,
            connectionId: cid,
          });
          expect(decodeUdpResponse(encodeUdpAnnounce(tx, { ...swarm, peers }, ipBytes), ipBytes)).toEqual({
            action: 'announce',
            transactionId: tx,
            interval: swarm.interval,
            leechers: swarm.incomplete,
            seeders: swarm.complete,
            peers,
          });
          expect(decodeUdpResponse(encodeUdpScrape(tx, counts))).toEqual({
            action: 'scrape',
            transactionId: tx,
            counts,
          });
          const error = decodeUdpResponse(encodeUdpError(tx, message));
          expect(error).toEqual({
            action: 'error',
            transactionId: tx,
            message: Buffer.from(message).toString(),
          });
        },
      ),
    );
  });
});

describe('UDP parsers on garbage', () => {
  it('never throw anything but a ClientError, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (raw) => {
        const datagram = Buffer.from(raw);
        readUdpHeader(datagram);
        for (const parse of [
          () => parseUdpAnnounce(datagram, opts),
          () => parseUdpScrape(datagram, { maxHashes: 74 }),
        ]) {
          try {
            parse();
          } catch (err) {
            expect(isClientError(err)).toBe(true);
          }
        }
      }),
    );
  });
});
