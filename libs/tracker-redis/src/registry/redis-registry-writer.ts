import type { Redis } from 'ioredis';
import type { KeySchema } from '../key-schema.js';
import { encodeTorrentGrant, encodeUserGrant } from './registry-codec.js';
import type { RegistryWriter, TorrentGrant, UserGrant } from './registry-types.js';
import { assertPasskey } from './passkey.js';

/**
 * The CMS publishes who may announce and which torrents exist. Each write replaces the
 * whole hash and bumps the registry version in one MULTI, so a reader never sees half a grant.
 */
export class RedisRegistryWriter implements RegistryWriter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySchema,
  ) {}

  async publishTorrent(infoHash: Buffer, grant: TorrentGrant): Promise<void> {
    assertInfoHash(infoHash);
    await this.replace(this.keys.torrent(infoHash), encodeTorrentGrant(grant));
  }

  async unpublishTorrent(infoHash: Buffer): Promise<void> {
    assertInfoHash(infoHash);
    await this.replace(this.keys.torrent(infoHash), null);
  }

  async upsertUser(passkey: string, grant: UserGrant): Promise<void> {
    assertPasskey(passkey);
    await this.replace(this.keys.user(passkey), encodeUserGrant(grant));
  }

  async removeUser(passkey: string): Promise<void> {
    assertPasskey(passkey);
    await this.replace(this.keys.user(passkey), null);
  }

  /** Tells readers the CMS is alive and publishing; call it periodically. */
  async heartbeat(ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.registryHeartbeat, String(Date.now()), 'EX', ttlSeconds);
  }

  private async replace(key: string, fields: Record<string, string> | null): Promise<void> {
    const tx = this.redis.multi().del(key);
    if (fields) tx.hset(key, fields);
    const results = await tx.incr(this.keys.registryVersion).exec();
    for (const [err] of results ?? []) if (err) throw err;
  }
}

function assertInfoHash(infoHash: Buffer): void {
  if (infoHash.length !== 20) throw new Error(`info_hash must be 20 bytes, got ${infoHash.length}`);
}
