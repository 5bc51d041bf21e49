import type { Redis } from 'ioredis';
import {
  MemoryRegistry,
  type RegistryLookup,
  type RegistryReader,
  type TorrentGrant,
  type UserGrant,
} from '@tracker/core';
import { scriptKeyParts, type KeySchema } from '../../key-schema.js';
import { decodeTorrentGrant, decodeUserGrant } from '../../registry/registry-codec.js';

/** One entry of `<prefix>:reg:changes` as XREAD gives it. */
export type ChangeEntry = [id: string, fields: string[]];

const SCAN_COUNT = 1000;

/**
 * The registry in this announcer's memory, a copy of the hashes the site publishes into Redis
 * (ADR 0019): the private gate is a local lookup. `load` reads every user and torrent hash;
 * `apply` takes the change feed's entries (tailed by `FeedTail`) and re-reads the keys they
 * name, so the copy follows each write within the tail's poll. An entry whose version is not
 * the next one (the feed was trimmed past us, Redis lost its data, or a writer without the
 * feed wrote) means a write was missed: the copy is reloaded.
 *
 * After Redis lost the registry (no `reg:epoch`) a reload only adds what it finds, keeping the
 * rest of the old copy, until the site has republished and claimed an epoch; then the copy is
 * replaced. Members are not refused as unknown during the republish; what the site changed
 * meanwhile comes through the feed, which the republish writes too.
 */
export class RegistryMirror implements RegistryReader {
  private current = new MemoryRegistry();
  private version = 0;
  private lastId = '0-0';
  private awaitingEpoch = false;
  private loadedOnce = false;
  private reloads = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySchema,
  ) {}

  /** The feed position to tail from. */
  get streamId(): string {
    return this.lastId;
  }

  get stats(): { readonly version: number; readonly reloads: number; readonly awaitingEpoch: boolean } {
    return { version: this.version, reloads: this.reloads, awaitingEpoch: this.awaitingEpoch };
  }

  lookup(passkey: string, infoHash: Buffer): Promise<RegistryLookup> {
    return this.current.lookup(passkey, infoHash);
  }

  findUser(passkey: string): Promise<UserGrant | null> {
    return this.current.findUser(passkey);
  }

  findTorrents(infoHashes: readonly Buffer[]): Promise<(TorrentGrant | null)[]> {
    return this.current.findTorrents(infoHashes);
  }

  /**
   * Reads the whole registry. The feed position and version are read first, in one MULTI:
   * a write after them is in the feed after that position, so tailing from it misses none.
   */
  async load(): Promise<void> {
    const [version, last, epoch] = results(
      await this.redis
        .multi()
        .get(this.keys.registryVersion)
        .xrevrange(this.keys.registryChanges, '+', '-', 'COUNT', 1)
        .get(this.keys.registryEpoch)
        .exec(),
    ) as [string | null, ChangeEntry[], string | null];
    const merge = this.loadedOnce && epoch === null;
    const target = merge ? this.current : new MemoryRegistry();
    const { userHead, torrentHead } = scriptKeyParts(this.keys);
    for await (const refs of this.scan(userHead)) await this.read(target, 'u', refs);
    for await (const refs of this.scan(torrentHead)) await this.read(target, 't', refs);
    this.current = target;
    this.version = Number(version ?? 0);
    this.lastId = last[0]?.[0] ?? '0-0';
    this.awaitingEpoch = merge;
    this.loadedOnce = true;
    this.reloads++;
  }

  /** The feed's entries, in order; reloads on a gap. */
  async apply(entries: readonly ChangeEntry[]): Promise<void> {
    const refs: Record<'u' | 't', Set<string>> = { u: new Set(), t: new Set() };
    let expected = this.version;
    for (const [id, flat] of entries) {
      const f = fields(flat);
      const v = Number(f['v']);
      if (v !== expected + 1) return this.load();
      expected = v;
      const kind = f['k'] === 't' ? 't' : 'u';
      for (const ref of (f['r'] ?? '').split(',')) if (ref !== '') refs[kind].add(ref);
      this.lastId = id;
    }
    await this.read(this.current, 'u', [...refs.u]);
    await this.read(this.current, 't', [...refs.t]);
    this.version = expected;
  }

  /** Called on every tail poll: replaces a merged copy once the site has republished. */
  async tick(): Promise<void> {
    if (this.awaitingEpoch && (await this.redis.get(this.keys.registryEpoch)) !== null) await this.load();
  }

  private async *scan(head: string): AsyncIterable<string[]> {
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', `${head}*`, 'COUNT', SCAN_COUNT);
      cursor = next;
      if (found.length > 0) yield found.map((key) => key.slice(head.length));
    } while (cursor !== '0');
  }

  /** Re-reads the hashes named by `refs` (one pipelined round trip) into `target`. */
  private async read(target: MemoryRegistry, kind: 'u' | 't', refs: readonly string[]): Promise<void> {
    if (refs.length === 0) return;
    const { userHead, torrentHead } = scriptKeyParts(this.keys);
    const head = kind === 'u' ? userHead : torrentHead;
    const pipeline = this.redis.pipeline();
    for (const ref of refs) pipeline.hgetall(head + ref);
    const hashes = results(await pipeline.exec()) as Array<Record<string, string>>;
    for (const [i, ref] of refs.entries()) {
      if (kind === 'u') await applyUser(target, ref, decodeUserGrant(hashes[i] ?? {}));
      else await applyTorrent(target, ref, decodeTorrentGrant(hashes[i] ?? {}));
    }
  }
}

async function applyUser(target: MemoryRegistry, passkey: string, grant: UserGrant | null): Promise<void> {
  if (!/^[0-9a-f]{32}$/.test(passkey)) return; // not a key the site writes
  if (grant === null) await target.removeUser(passkey);
  else await target.upsertUser(passkey, grant);
}

async function applyTorrent(target: MemoryRegistry, hex: string, grant: TorrentGrant | null): Promise<void> {
  if (!/^[0-9a-f]{40}$/.test(hex)) return;
  const infoHash = Buffer.from(hex, 'hex');
  if (grant === null) await target.unpublishTorrent(infoHash);
  else await target.publishTorrent(infoHash, grant);
}

function fields(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}

function results(replies: [Error | null, unknown][] | null): unknown[] {
  if (replies === null) throw new Error('registry pipeline was discarded');
  return replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
