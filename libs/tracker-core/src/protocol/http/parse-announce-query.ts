import { ClientError } from '../../errors/client-error.js';
import { parseAnnounceEvent } from '../../announce/announce-event.js';
import { resolveNumWant } from '../../announce/announce-policy.js';
import type { AnnounceEvent } from '../../swarm/swarm-store.js';
import type { AnnounceParseOptions, AnnounceRequest } from './announce-request.js';
import { decodeBytes, decodeText, readCounter, readFlag, readSmallInt } from './query-values.js';
import { parseClientIp } from './parse-client-ip.js';
import { forEachParam, invalidParam, missingParam } from './query-params.js';

/** Real announces are ~300 characters; this leaves room for extra params without inviting abuse. */
const MAX_ANNOUNCE_QUERY_LENGTH = 4096;
const MAX_KEY_BYTES = 64;

interface Draft {
  infoHash?: Buffer;
  peerId?: Buffer;
  port?: number;
  uploaded?: bigint;
  downloaded?: bigint;
  left?: bigint;
  corrupt?: bigint;
  redundant?: bigint;
  event: AnnounceEvent;
  numWant?: number;
  compact: boolean;
  noPeerId: boolean;
  supportCrypto: boolean;
  key?: Buffer;
  ip?: Buffer;
  ipv4?: Buffer;
  ipv6?: Buffer;
}

type Reader = (raw: string, start: number, end: number, draft: Draft) => void;

const bytes20 =
  (name: string, set: (d: Draft, v: Buffer) => void): Reader =>
  (raw, start, end, draft) => {
    const value = decodeBytes(raw, start, end, 20);
    if (value === undefined || value.length !== 20)
      throw invalidParam(name, 'must be 20 bytes, percent-encoded');
    set(draft, value);
  };

const counter =
  (name: string, set: (d: Draft, v: bigint) => void): Reader =>
  (raw, start, end, draft) => {
    const value = readCounter(raw, start, end);
    if (value === undefined) throw invalidParam(name, 'must be a decimal integer from 0 to 2^63-1');
    set(draft, value);
  };

const flag =
  (name: string, set: (d: Draft, v: boolean) => void): Reader =>
  (raw, start, end, draft) => {
    const value = readFlag(raw, start, end);
    if (value === undefined) throw invalidParam(name, 'must be 0 or 1');
    set(draft, value);
  };

const address =
  (name: 'ip' | 'ipv4' | 'ipv6', set: (d: Draft, v: Buffer) => void): Reader =>
  (raw, start, end, draft) => {
    const text = decodeText(raw, start, end, 64);
    const value = text === undefined ? undefined : parseClientIp(name, text);
    if (value === undefined) throw invalidParam(name, 'must be an IP address of the right family');
    set(draft, value);
  };

/** One reader per known parameter; anything else is ignored (clients add their own extras). */
const READERS = new Map<string, Reader>([
  ['info_hash', bytes20('info_hash', (d, v) => (d.infoHash = v))],
  ['peer_id', bytes20('peer_id', (d, v) => (d.peerId = v))],
  ['port', readPort],
  ['uploaded', counter('uploaded', (d, v) => (d.uploaded = v))],
  ['downloaded', counter('downloaded', (d, v) => (d.downloaded = v))],
  ['left', counter('left', (d, v) => (d.left = v))],
  ['corrupt', counter('corrupt', (d, v) => (d.corrupt = v))],
  ['redundant', counter('redundant', (d, v) => (d.redundant = v))],
  ['event', readEvent],
  ['numwant', readNumWant],
  ['compact', flag('compact', (d, v) => (d.compact = v))],
  ['no_peer_id', flag('no_peer_id', (d, v) => (d.noPeerId = v))],
  ['supportcrypto', flag('supportcrypto', (d, v) => (d.supportCrypto = v))],
  ['key', readKey],
  ['ip', address('ip', (d, v) => (d.ip = v))],
  ['ipv4', address('ipv4', (d, v) => (d.ipv4 = v))],
  ['ipv6', address('ipv6', (d, v) => (d.ipv6 = v))],
]);

/**
 * Parses the raw query string of an announce (the part after `?`, undecoded). Throws a
 * ClientError naming the first bad parameter; never throws anything else.
 */
export function parseAnnounceQuery(rawQuery: string, opts: AnnounceParseOptions): AnnounceRequest {
  if (rawQuery.length > MAX_ANNOUNCE_QUERY_LENGTH) {
    throw new ClientError('query string too long', 'query_too_long');
  }
  const draft: Draft = { event: 'none', compact: true, noPeerId: false, supportCrypto: false };
  forEachParam(rawQuery, READERS, (reader, start, end) => reader(rawQuery, start, end, draft));
  return finish(draft, opts);
}

function finish(d: Draft, opts: AnnounceParseOptions): AnnounceRequest {
  if (d.infoHash === undefined) throw missingParam('info_hash');
  if (d.peerId === undefined) throw missingParam('peer_id');
  if (d.port === undefined) throw missingParam('port');
  if (d.uploaded === undefined) throw missingParam('uploaded');
  if (d.downloaded === undefined) throw missingParam('downloaded');
  if (d.left === undefined) throw missingParam('left');
  // A stopping client may no longer listen (Transmission sends port=0 then); anyone else must.
  if (d.port === 0 && d.event !== 'stopped') throw invalidParam('port', 'must be from 1 to 65535');
  const ipv4 = d.ipv4 ?? (d.ip?.length === 4 ? d.ip : undefined);
  const ipv6 = d.ipv6 ?? (d.ip?.length === 16 ? d.ip : undefined);
  return {
    infoHash: d.infoHash,
    peerId: d.peerId,
    port: d.port,
    uploaded: d.uploaded,
    downloaded: d.downloaded,
    left: d.left,
    corrupt: d.corrupt,
    redundant: d.redundant,
    event: d.event,
    numWant: resolveNumWant(d.numWant, d.event, opts),
    compact: d.compact,
    noPeerId: d.noPeerId,
    supportCrypto: d.supportCrypto,
    key: d.key,
    clientIpv4: opts.allowClientIp ? ipv4 : undefined,
    clientIpv6: opts.allowClientIp ? ipv6 : undefined,
  };
}

function readPort(raw: string, start: number, end: number, draft: Draft): void {
  const value = readSmallInt(raw, start, end, 65535);
  if (value === undefined) throw invalidParam('port', 'must be from 1 to 65535');
  draft.port = value;
}

function readEvent(raw: string, start: number, end: number, draft: Draft): void {
  const text = decodeText(raw, start, end, 16);
  const event = text === undefined ? undefined : parseAnnounceEvent(text);
  if (event === undefined)
    throw invalidParam('event', 'must be started, completed, stopped, paused or empty');
  draft.event = event;
}

function readNumWant(raw: string, start: number, end: number, draft: Draft): void {
  const value = readSmallInt(raw, start, end, Number.MAX_SAFE_INTEGER);
  if (value === undefined) throw invalidParam('numwant', 'must be a non-negative decimal integer');
  draft.numWant = value;
}

function readKey(raw: string, start: number, end: number, draft: Draft): void {
  const value = decodeBytes(raw, start, end, MAX_KEY_BYTES);
  if (value === undefined)
    throw invalidParam('key', `must be at most ${MAX_KEY_BYTES} bytes, percent-encoded`);
  draft.key = value;
}
