import { describe, it, expect } from '@jest/globals';
import { ClientError } from '../../errors/client-error.js';
import { parseAnnounceQuery } from './parse-announce-query.js';
import type { AnnounceParseOptions } from './announce-request.js';

const opts: AnnounceParseOptions = { defaultNumWant: 50, maxNumWant: 200, allowClientIp: false };
const HASH = '%12%34%56%78%9a%bc%de%f0%12%34%56%78%9a%bc%de%f0%12%34%56%78';
const HASH_BYTES = Buffer.from('123456789abcdef0123456789abcdef012345678', 'hex');
const PEER_ID = '-TR3000-abcdefghijkl';
const base = `info_hash=${HASH}&peer_id=${PEER_ID}&port=6881&uploaded=1&downloaded=2&left=3`;

function parse(query: string, options: AnnounceParseOptions = opts) {
  return parseAnnounceQuery(query, options);
}

function errorOf(query: string, options: AnnounceParseOptions = opts): ClientError {
  try {
    parse(query, options);
  } catch (err) {
    if (err instanceof ClientError) return err;
    throw err;
  }
  throw new Error(`expected a ClientError for ${query}`);
}

describe('parseAnnounceQuery', () => {
  it('reads every field of a minimal announce with defaults for the optional ones', () => {
    const req = parse(base);
    expect(req.infoHash).toEqual(HASH_BYTES);
    expect(req.peerId.toString('latin1')).toBe(PEER_ID);
    expect(req).toMatchObject({
      port: 6881,
      uploaded: 1n,
      downloaded: 2n,
      left: 3n,
      corrupt: undefined,
      redundant: undefined,
      event: 'none',
      numWant: 50,
      compact: true,
      noPeerId: false,
      supportCrypto: false,
      key: undefined,
      clientIpv4: undefined,
      clientIpv6: undefined,
    });
  });

  it('keeps binary bytes intact: no UTF-8 decoding and + stays a plus', () => {
    const req = parse(`${base.replace(PEER_ID, '%ff%fe+%00%80abcdefghijklmno')}`);
    expect([...req.peerId.subarray(0, 5)]).toEqual([0xff, 0xfe, 0x2b, 0x00, 0x80]);
  });

  it('accepts upper- and lower-case escapes alike', () => {
    expect(parse(base.replace(HASH, HASH.toUpperCase())).infoHash).toEqual(HASH_BYTES);
  });

  it.each([
    ['info_hash', `info_hash=${HASH}%00`, 'invalid_info_hash'],
    ['short info_hash', 'info_hash=%12%34', 'invalid_info_hash'],
    ['peer_id', 'peer_id=short', 'invalid_peer_id'],
    ['bad escape', 'peer_id=-TR3000-abcdefghij%G1', 'invalid_peer_id'],
    ['truncated escape', 'peer_id=-TR3000-abcdefghijk%4', 'invalid_peer_id'],
    ['port too big', 'port=65536', 'invalid_port'],
    ['port sign', 'port=-1', 'invalid_port'],
    ['uploaded negative', 'uploaded=-5', 'invalid_uploaded'],
    ['uploaded float', 'uploaded=1.5', 'invalid_uploaded'],
    ['left over 2^63-1', 'left=9223372036854775808', 'invalid_left'],
    ['left empty', 'left=', 'invalid_left'],
    ['event', 'event=finished', 'invalid_event'],
    ['compact', 'compact=yes', 'invalid_compact'],
    ['numwant', 'numwant=-1', 'invalid_numwant'],
    ['ip', 'ip=example.org', 'invalid_ip'],
    ['ipv4 with v6', 'ipv4=::1', 'invalid_ipv4'],
    ['ipv6 with v4', 'ipv6=1.2.3.4', 'invalid_ipv6'],
  ])('rejects a bad %s with a per-parameter code', (_, param, code) => {
    const name = param.slice(0, param.indexOf('='));
    const query = `${base
      .split('&')
      .filter((p) => !p.startsWith(`${name}=`))
      .join('&')}&${param}`;
    const err = errorOf(query);
    expect(err.code).toBe(code);
    expect(err.message).toContain(name);
  });

  it.each(['info_hash', 'peer_id', 'port', 'uploaded', 'downloaded', 'left'])('requires %s', (name) => {
    const query = base
      .split('&')
      .filter((p) => !p.startsWith(`${name}=`))
      .join('&');
    const err = errorOf(query);
    expect(err.message).toBe(`missing ${name}`);
    expect(err.code).toBe(`invalid_${name}`);
  });

  it('refuses a repeated parameter', () => {
    const err = errorOf(`${base}&port=1`);
    expect(err.code).toBe('repeated_param');
    expect(err.message).toBe('repeated parameter: port');
  });

  it('ignores unknown and empty parameters, and repeats of unknown ones', () => {
    expect(parse(`&${base}&&passkey=x&passkey=y&trackerid&requirecrypto=1`).port).toBe(6881);
  });

  it('accepts the largest counter, 2^63-1', () => {
    expect(parse(base.replace('left=3', 'left=9223372036854775807')).left).toBe(9223372036854775807n);
  });

  it('allows port 0 only with event=stopped', () => {
    const zero = base.replace('port=6881', 'port=0');
    expect(errorOf(zero).code).toBe('invalid_port');
    expect(parse(`${zero}&event=stopped`).port).toBe(0);
  });

  it.each([
    ['started', 'started'],
    ['completed', 'completed'],
    ['stopped', 'stopped'],
    ['paused', 'paused'],
    ['', 'none'],
  ])('maps event=%s', (value, event) => {
    expect(parse(`${base}&event=${value}`).event).toBe(event);
  });

  it('applies the numwant default and cap, and wants no peers when stopping', () => {
    expect(parse(`${base}&numwant=10`).numWant).toBe(10);
    expect(parse(`${base}&numwant=0`).numWant).toBe(0);
    expect(parse(`${base}&numwant=100000`).numWant).toBe(200);
    expect(parse(`${base}&numwant=80&event=stopped`).numWant).toBe(0);
  });

  it('reads flags, key and the libtorrent counters', () => {
    const req = parse(`${base}&compact=0&no_peer_id=1&supportcrypto=1&key=%82%E8TV&corrupt=7&redundant=8`);
    expect(req).toMatchObject({
      compact: false,
      noPeerId: true,
      supportCrypto: true,
      corrupt: 7n,
      redundant: 8n,
    });
    expect(req.key).toEqual(Buffer.from([0x82, 0xe8, 0x54, 0x56]));
  });

  it('validates ip params but ignores them unless allowed', () => {
    const query = `${base}&ip=10.0.0.1&ipv6=2001%3Adb8%3A%3A1`;
    expect(parse(query)).toMatchObject({ clientIpv4: undefined, clientIpv6: undefined });
    const allowed = parse(query, { ...opts, allowClientIp: true });
    expect(allowed.clientIpv4).toEqual(Buffer.from([10, 0, 0, 1]));
    expect(allowed.clientIpv6?.toString('hex')).toBe('20010db8000000000000000000000001');
  });

  it('takes ipv4/ipv6 endpoints and prefers them over ip', () => {
    const req = parse(`${base}&ip=10.0.0.1&ipv4=192.0.2.7:6881&ipv6=[::2]:6881`, {
      ...opts,
      allowClientIp: true,
    });
    expect(req.clientIpv4).toEqual(Buffer.from([192, 0, 2, 7]));
    expect(req.clientIpv6?.toString('hex')).toBe('00000000000000000000000000000002');
  });

  it('refuses an overlong query string', () => {
    expect(errorOf(`${base}&x=${'a'.repeat(5000)}`).code).toBe('query_too_long');
  });
});
