import type { Redis } from 'ioredis';
import type { KeySchema } from '../key-schema.js';
import { decodeTorrentGrant, decodeUserGrant } from './registry-codec.js';
import type { RegistryLookup, RegistryReader, TorrentGrant, UserGrant } from '@tracker/core';
import { TtlCache } from './ttl-cache.js';

export interface RedisRegistryReaderOptions {
  readonly redis: Redis;
  readonly keys: KeySchema;
  /**
   * How long a grant (or its absence) is reused in-process. It bounds how late a ban or
   * an unpublish takes effect; 0 disables caching. Default 2000 ms.
   */
  readonly cacheTtlMs?: number;
  readonly maxCacheEntries?: number;
  /** Epoch ms, for the cache; injectable for tests. */
  readonly clock?: () => number;
}

/** Reads the registry the CMS publishes; a cache miss costs one pipelined round trip. */
export class RedisRegistryReader implements RegistryReader {
  private readonly users: TtlCache<UserGrant | null>;
  private readonly torrents: TtlCache<TorrentGrant | null>;

  constructor(private readonly options: RedisRegistryReaderOptions) {
    const ttl = options.cacheTtlMs ?? 2000;
    const max = options.maxCacheEntries ?? 100_000;
    this.users = new TtlCache(ttl, max, options.clock);
    this.torrents = new TtlCache(ttl, max, options.clock);
  }

  async lookup(passkey: string, infoHash: Buffer): Promise<RegistryLookup> {
    const pk = passkey.toLowerCase();
    const hex = infoHash.toString('hex');
    const user = this.users.get(pk);
    const torrent = this.torrents.get(hex);
    if (user !== undefined && torrent !== undefined) return { user, torrent };
    const { keys, redis } = this.options;
    const [userFields, torrentFields] = hashesOf(
      await redis.pipeline().hgetall(keys.user(pk)).hgetall(keys.torrent(infoHash)).exec(),
    );
    const fresh = {
      user: decodeUserGrant(userFields ?? {}),
      torrent: decodeTorrentGrant(torrentFields ?? {}),
    };
    this.users.set(pk, fresh.user);
    this.torrents.set(hex, fresh.torrent);
    return fresh;
  }

  async findUser(passkey: string): Promise<UserGrant | null> {
    const pk = passkey.toLowerCase();
    const cached = this.users.get(pk);
    if (cached !== undefined) return cached;
    const user = decodeUserGrant(await this.options.redis.hgetall(this.options.keys.user(pk)));
    this.users.set(pk, user);
    return user;
  }

  async findTorrents(infoHashes: readonly Buffer[]): Promise<(TorrentGrant | null)[]> {
    const grants = infoHashes.map((hash) => this.torrents.get(hash.toString('hex')));
    const missing = infoHashes.filter((_, i) => grants[i] === undefined);
    if (missing.length === 0) return grants as (TorrentGrant | null)[];
    const pipeline = this.options.redis.pipeline();
    for (const hash of missing) pipeline.hgetall(this.options.keys.torrent(hash));
    const fields = hashesOf(await pipeline.exec());
    let next = 0;
    return grants.map((cached, i) => {
      if (cached !== undefined) return cached;
      const grant = decodeTorrentGrant(fields[next++] ?? {});
      this.torrents.set(infoHashes[i].toString('hex'), grant);
      return grant;
    });
  }
}

/** The HGETALL replies of a pipeline, throwing its first error (or its discarding). */
function hashesOf(results: [Error | null, unknown][] | null): (Record<string, string> | undefined)[] {
  if (results === null) throw new Error('registry pipeline was discarded');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value as Record<string, string> | undefined;
  });
}
