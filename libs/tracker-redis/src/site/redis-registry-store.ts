import type { Redis } from 'ioredis';
import type {
  Grant,
  RegistryEntry,
  RegistryKind,
  RegistryStore,
  RegistryWriter,
  TorrentGrant,
  UserGrant,
} from '@tracker/core';
import { redisReady } from '../connection/redis-ready.js';
import type { KeySchema } from '../key-schema.js';
import { RedisRegistryReader } from '../registry/redis-registry-reader.js';
import { RedisRegistryWriter } from '../registry/redis-registry-writer.js';
import { REGISTRY_DIGEST_SCRIPT } from './lua/lua-scripts.js';

/** A probe passkey that is never issued: lookups by info hash need one. */
const NO_PASSKEY = '0'.repeat(32);

/**
 * The site's registry store in Redis: the writer the announcer's reader reads, plus the
 * reconciliation's digests (one script over many keys: `lua/registry-digest.lua`), the scan,
 * the epoch and the heartbeat. The digest script takes many keys at once, which a Redis Cluster
 * would refuse across slots: this adapter targets a single Redis (or one shard).
 */
export class RedisRegistryStore implements RegistryStore {
  readonly writer: RegistryWriter;
  private readonly redisWriter: RedisRegistryWriter;
  private readonly reader: RedisRegistryReader;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySchema,
  ) {
    this.redisWriter = new RedisRegistryWriter(redis, keys);
    this.writer = this.redisWriter;
    this.reader = new RedisRegistryReader({ redis, keys, cacheTtlMs: 0 });
  }

  writeMany(entries: readonly RegistryEntry[]): Promise<void> {
    const users: Array<{ passkey: string; grant: UserGrant | null }> = [];
    const torrents: Array<{ infoHash: Buffer; grant: TorrentGrant | null }> = [];
    for (const e of entries) {
      if (e.kind === 'user') users.push({ passkey: e.ref, grant: e.grant });
      else torrents.push({ infoHash: Buffer.from(e.ref, 'hex'), grant: e.grant });
    }
    return this.redisWriter.writeBatch({ users, torrents });
  }

  readEpoch(): Promise<string | null> {
    return this.redisWriter.readEpoch();
  }

  claimEpoch(epoch: string): Promise<string> {
    return this.redisWriter.claimEpoch(epoch);
  }

  heartbeat(ttlSeconds: number): Promise<void> {
    return this.redisWriter.heartbeat(ttlSeconds);
  }

  async instance(): Promise<string> {
    const info = await this.redis.info('server');
    const runId = /^run_id:(\w+)/m.exec(info)?.[1];
    if (runId === undefined) throw new Error('INFO server gave no run_id');
    return runId;
  }

  /** ioredis says 'ready' after every (re)connect: a restarted Redis is only seen this way. */
  onReconnect(listener: () => void): void {
    this.redis.on('ready', listener);
  }

  async digest(kind: RegistryKind, refs: readonly string[]): Promise<string> {
    const keys = refs.map((ref) => this.keyOf(kind, ref));
    return (await this.redis.eval(REGISTRY_DIGEST_SCRIPT, keys.length, ...keys, ...refs)) as string;
  }

  async read(kind: RegistryKind, refs: readonly string[]): Promise<Array<Grant | null>> {
    return Promise.all(
      refs.map(async (ref) =>
        kind === 'user'
          ? this.reader.findUser(ref)
          : (await this.reader.lookup(NO_PASSKEY, Buffer.from(ref, 'hex'))).torrent,
      ),
    );
  }

  async *scan(kind: RegistryKind): AsyncIterable<string[]> {
    const head = this.keyOf(kind, '');
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', `${head}*`, 'COUNT', 1000);
      cursor = next;
      if (found.length > 0) yield found.map((key) => key.slice(head.length));
    } while (cursor !== '0');
  }

  ready(): Promise<void> {
    return redisReady(this.redis);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private keyOf(kind: RegistryKind, ref: string): string {
    return kind === 'user' ? this.keys.user(ref) : `${this.keys.torrent(Buffer.alloc(0))}${ref}`;
  }
}
