import http from 'node:http';
import { decodeBencode, type BencodeDict } from '@tracker/core';
import { loadAnnouncerConfig, type AnnouncerConfig } from '../../src/config/announcer-config.js';

/** The boot config with test-friendly overrides: loopback, a free port, no log output. */
export function testConfig(
  env: NodeJS.ProcessEnv = {},
  over: Partial<AnnouncerConfig> = {},
): AnnouncerConfig {
  return { ...loadAnnouncerConfig(env), host: '127.0.0.1', port: 0, logLevel: 'silent', ...over };
}

/** Percent-encodes every byte, as clients do for info_hash and peer_id. */
export function pct(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += `%${b.toString(16).padStart(2, '0')}`;
  return out;
}

export interface AnnounceParams {
  readonly infoHash: Buffer;
  readonly peerId: Buffer;
  readonly port?: number;
  readonly uploaded?: bigint;
  readonly downloaded?: bigint;
  readonly left?: bigint;
  readonly event?: string;
  readonly numwant?: number;
  readonly extra?: string;
}

export function announceQuery(p: AnnounceParams): string {
  const parts = [
    `info_hash=${pct(p.infoHash)}`,
    `peer_id=${pct(p.peerId)}`,
    `port=${p.port ?? 6881}`,
    `uploaded=${p.uploaded ?? 0n}`,
    `downloaded=${p.downloaded ?? 0n}`,
    `left=${p.left ?? 100n}`,
    'compact=1',
  ];
  if (p.event !== undefined) parts.push(`event=${p.event}`);
  if (p.numwant !== undefined) parts.push(`numwant=${p.numwant}`);
  if (p.extra !== undefined) parts.push(p.extra);
  return parts.join('&');
}

export interface TrackerReply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** The bencoded body decoded, or undefined when the body is not bencode. */
  readonly dict: BencodeDict | undefined;
  /** `failure reason` as text, if any. */
  readonly failure: string | undefined;
}

/** One GET with node:http to 127.0.0.1 (raw path: fetch would normalise it). */
export function get(
  port: number,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
  agent?: http.Agent,
  localAddress?: string,
): Promise<TrackerReply> {
  return send({ host: '127.0.0.1', port, path, headers, agent: agent ?? false, localAddress });
}

/**
 * One request with any node:http options, without a body: `host: '::1'` to announce over
 * IPv6, `method: 'POST'` to try another method. GET unless told.
 */
export function send(options: http.RequestOptions): Promise<TrackerReply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(toReply(res.statusCode ?? 0, res.headers, Buffer.concat(chunks))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export function toReply(status: number, headers: http.IncomingHttpHeaders, body: Buffer): TrackerReply {
  let dict: BencodeDict | undefined;
  try {
    const value = decodeBencode(body, { canonical: false });
    if (typeof value === 'object' && !(value instanceof Uint8Array) && !Array.isArray(value)) dict = value;
  } catch {
    dict = undefined; // not bencode: the assertion that follows says so
  }
  const reason = dict?.['failure reason'];
  const failure = reason instanceof Uint8Array ? Buffer.from(reason).toString('utf8') : undefined;
  return { status, headers, body, dict, failure };
}

/** Compact IPv4 peers of a reply as "a.b.c.d:port" strings. */
export function compactPeers(reply: TrackerReply): string[] {
  const raw = reply.dict?.['peers'];
  if (!(raw instanceof Uint8Array)) return [];
  const buf = Buffer.from(raw);
  const out: string[] = [];
  for (let at = 0; at + 6 <= buf.length; at += 6)
    out.push(`${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}:${buf.readUInt16BE(at + 4)}`);
  return out;
}

export function num(reply: TrackerReply, key: string): number | undefined {
  const v = reply.dict?.[key];
  return typeof v === 'number' ? v : undefined;
}
