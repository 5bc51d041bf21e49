import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from '@jest/globals';
import { parseAnnounceQuery } from './parse-announce-query.js';
import type { AnnounceRequest } from './announce-request.js';

// Real requests captured from aria2, libtorrent, qBittorrent and Transmission, kept in the
// repository's fixtures/ folder and found from this file, never by absolute path.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const fixture = path.join(path.resolve(repoRoot, 'fixtures'), 'real-client-announces.txt');

interface Captured {
  readonly session: string;
  readonly client: string;
  readonly commentedEvent: string;
  readonly query: string;
}

/** Every `GET ` line with the session header and `# event=` comment written above it. */
function captured(): Captured[] {
  const out: Captured[] = [];
  let session = '';
  let commentedEvent = '';
  for (const line of readFileSync(fixture, 'latin1').split('\n')) {
    if (line.startsWith('## ')) session = line.slice(3).split('[')[0].trim();
    if (line.startsWith('# event='))
      commentedEvent = line.slice(8).startsWith('(none') ? 'none' : line.slice(8).trim();
    if (!line.startsWith('GET ')) continue;
    const target = line.split(' ')[1];
    out.push({
      session,
      client: session.split(' ')[0],
      commentedEvent,
      query: target.slice(target.indexOf('?') + 1),
    });
  }
  return out;
}

interface ClientTraits {
  readonly peerIdPrefix: string;
  readonly numwant: number;
  readonly noPeerId: boolean;
  readonly sendsCorrupt: boolean;
  /** How the client forms `key`, checked against the parsed bytes. */
  readonly keyOk: (key: Buffer, peerId: Buffer) => boolean;
}

const hex8 = (re: RegExp) => (key: Buffer) => re.test(key.toString('latin1'));
const CLIENTS: Record<string, ClientTraits> = {
  'Transmission/3.00': {
    peerIdPrefix: '-TR3000-',
    numwant: 80,
    noPeerId: false,
    sendsCorrupt: false,
    keyOk: hex8(/^[0-9a-f]{8}$/),
  },
  'aria2/1.36.0': {
    peerIdPrefix: 'A2-1-36-0-',
    numwant: 50,
    noPeerId: true,
    sendsCorrupt: false,
    // aria2 sends raw bytes: the last 8 bytes of its peer_id.
    keyOk: (key, peerId) => key.equals(peerId.subarray(12)),
  },
  'libtorrent/2.0.8.0': {
    peerIdPrefix: '-LT2080-',
    numwant: 200,
    noPeerId: true,
    sendsCorrupt: true,
    keyOk: hex8(/^[0-9A-F]{8}$/),
  },
  'qBittorrent/4.5.2': {
    peerIdPrefix: '-qB4520-',
    numwant: 200,
    noPeerId: true,
    sendsCorrupt: true,
    keyOk: hex8(/^[0-9A-F]{8}$/),
  },
};

// Decoded by hand (and with Python's unquote_to_bytes) from the capture.
const HYBRID = ['827b6b13a64f8c78d7ff1220824cd975eedbb952', '8fd0f584d173556a8017980156b74ec24e3dc8a4'];
const SESSION_HASHES: Record<string, string[]> = {
  'Transmission/3.00 as leecher': ['1b228f63c65badfcc13fd5eb09c6a963173c8f4b'],
  'Transmission/3.00 as seeder': ['28a0309f6e57f8deb5d12453b2fcadd880e29db0'],
  'aria2/1.36.0 as leecher': ['28a0309f6e57f8deb5d12453b2fcadd880e29db0'],
  'aria2/1.36.0 as seeder': ['fb3deefc35fd8629ad39c8a1d95d80e6ce7a41ec'],
  'libtorrent/2.0.8.0 as leecher': ['fb3deefc35fd8629ad39c8a1d95d80e6ce7a41ec'],
  'libtorrent/2.0.8.0 as seeder': ['1b228f63c65badfcc13fd5eb09c6a963173c8f4b'],
  'libtorrent/2.0.8.0 as seeder (HYBRID v1+v2 torrent)': HYBRID,
  'qBittorrent/4.5.2 as leecher': ['d935155105e000bdfb9ae0f7253616e15388315a'],
  'qBittorrent/4.5.2 as leecher (HYBRID v1+v2 torrent)': HYBRID,
  'qBittorrent/4.5.2 as seeder': ['ef38f186106c0949a351f13738dc3ba1d271cf91'],
};

const requests = captured();
const opts = { defaultNumWant: 50, maxNumWant: 200, allowClientIp: false };

/** A decimal param read with a regex, independently of the parser. */
function rawNumber(query: string, name: string): bigint | undefined {
  const match = new RegExp(`(?:^|&)${name}=([0-9]+)(?:&|$)`).exec(query);
  return match === null ? undefined : BigInt(match[1]);
}

describe('real client announces (fixtures/real-client-announces.txt)', () => {
  it('holds requests from all four clients and a known session for each', () => {
    expect(new Set(requests.map((r) => r.client))).toEqual(new Set(Object.keys(CLIENTS)));
    expect(new Set(requests.map((r) => r.session))).toEqual(new Set(Object.keys(SESSION_HASHES)));
  });

  describe.each(requests.map((r, i) => [`#${i + 1} ${r.session}, ${r.commentedEvent}`, r] as const))(
    '%s',
    (_, r) => {
      const traits = CLIENTS[r.client];
      const parse = (): AnnounceRequest => parseAnnounceQuery(r.query, opts);

      it('carries the session info_hash and the client peer_id', () => {
        const req = parse();
        expect(SESSION_HASHES[r.session]).toContain(req.infoHash.toString('hex'));
        expect(req.peerId).toHaveLength(20);
        expect(req.peerId.subarray(0, traits.peerIdPrefix.length).toString('latin1')).toBe(
          traits.peerIdPrefix,
        );
      });

      it('reads the event, port, counters and numwant', () => {
        const req = parse();
        expect(req.event).toBe(r.commentedEvent);
        expect(req.port).toBe(Number(rawNumber(r.query, 'port')));
        expect(req.port).toBeGreaterThan(0);
        expect(req.uploaded).toBe(rawNumber(r.query, 'uploaded'));
        expect(req.downloaded).toBe(rawNumber(r.query, 'downloaded'));
        expect(req.left).toBe(rawNumber(r.query, 'left'));
        if (req.event === 'completed') expect(req.left).toBe(0n);
        expect(req.numWant).toBe(req.event === 'stopped' ? 0 : traits.numwant);
        expect(rawNumber(r.query, 'numwant')).toBe(req.event === 'stopped' ? 0n : BigInt(traits.numwant));
      });

      it('reads the flags, key and libtorrent counters', () => {
        const req = parse();
        expect(req).toMatchObject({ compact: true, supportCrypto: true, noPeerId: traits.noPeerId });
        expect(req.key).toHaveLength(8);
        expect(traits.keyOk(req.key as Buffer, req.peerId)).toBe(true);
        expect(req.corrupt).toBe(traits.sendsCorrupt ? 0n : undefined);
        expect(req.redundant).toBe(traits.sendsCorrupt ? 0n : undefined);
      });
    },
  );
});
