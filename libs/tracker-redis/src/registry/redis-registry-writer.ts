import type { Redis } from 'ioredis';
import { scriptKeyParts, type KeySchema } from '../key-schema.js';
import { encodeTorrentGrant, encodeUserGrant } from './registry-codec.js';
import { REPLACE_HASHES_SCRIPT } from './lua/lua-scripts.js';
import { assertPasskey, type RegistryWriter, type TorrentGrant, type UserGrant } from '@tracker/core';

/** REPLACE_HASHES_SCRIPT (lua/replace-hashes.lua): its KEYS and ARGV are described there. */
interface WriterCommands {
  /** numkeys (1), KEYS, ARGV as REPLACE_HASHES_SCRIPT reads them. */
  trackerReplaceHashes(...args: Array<string | string[]>): Promise<number>;
}

/** Many grants at once (`null`: remove the key), for a full publish. */
export interface RegistryBatch {
  readonly users: ReadonlyArray<{ readonly passkey: string; readonly grant: UserGrant | null }>;
  readonly torrents: ReadonlyArray<{ readonly infoHash: Buffer; readonly grant: TorrentGrant | null }>;
}

/**
 * The CMS publishes who may announce and which torrents exist. Each write replaces the
 * whole hash and bumps the registry version in one MULTI, so a reader never sees half a grant.
 * The epoch key tells the CMS whether Redis still holds what it published (KEY-SCHEMA.md).
 */
export class RedisRegistryWriter implements RegistryWriter {
  private readonly commands: WriterCommands;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySchema,
  ) {
    redis.defineCommand('trackerReplaceHashes', { lua: REPLACE_HASHES_SCRIPT });
    this.commands = redis as unknown as WriterCommands;
  }

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

  /**
   * A whole batch in ONE atomic command (one round trip, one version bump): the full republish
   * after Redis lost the registry writes 200,000 keys in 100 of these.
   */
  async writeBatch(batch: RegistryBatch): Promise<void> {
    for (const { passkey } of batch.users) assertPasskey(passkey);
    for (const { infoHash } of batch.torrents) assertInfoHash(infoHash);
    const { userHead, torrentHead } = scriptKeyParts(this.keys);
    // One command per kind (their field names differ), sent together: one round trip.
    await Promise.all([
      this.replaceHashes(
        userHead,
        batch.users.map((u) => [u.passkey.toLowerCase(), u.grant && encodeUserGrant(u.grant)]),
      ),
      this.replaceHashes(
        torrentHead,
        batch.torrents.map((t) => [t.infoHash.toString('hex'), t.grant && encodeTorrentGrant(t.grant)]),
      ),
    ]);
  }

  /** The epoch the CMS last wrote after a full publish; null when Redis lost it (or never had it). */
  readEpoch(): Promise<string | null> {
    return this.redis.get(this.keys.registryEpoch);
  }

  /**
   * Writes `epoch` unless one is there already (another site process published first), and
   * returns the epoch Redis now holds.
   */
  async claimEpoch(epoch: string): Promise<string> {
    if ((await this.redis.set(this.keys.registryEpoch, epoch, 'NX')) === 'OK') return epoch;
    return (await this.redis.get(this.keys.registryEpoch)) ?? epoch;
  }

  /** Tells readers the CMS is alive and publishing; call it periodically. */
  async heartbeat(ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.registryHeartbeat, String(Date.now()), 'EX', ttlSeconds);
  }

  /** `hashes`: [ref, fields] with hex refs and decimal values (the codec's), as the script reads them. */
  private async replaceHashes(
    head: string,
    hashes: Array<[string, Record<string, string> | null]>,
  ): Promise<void> {
    if (hashes.length === 0) return;
    const names = [...new Set(hashes.flatMap(([, fields]) => Object.keys(fields ?? {})))];
    let lines = '';
    for (const [ref, fields] of hashes) {
      lines += ref;
      for (const name of names) lines += `\t${lineSafe(fields?.[name] ?? '')}`;
      lines += '\n';
    }
    await this.commands.trackerReplaceHashes(
      '1',
      this.keys.registryVersion,
      head,
      String(names.length),
      names,
      lines,
    );
  }

  private async replace(key: string, fields: Record<string, string> | null): Promise<void> {
    const tx = this.redis.multi().del(key);
    if (fields) tx.hset(key, fields);
    const results = await tx.incr(this.keys.registryVersion).exec();
    for (const [err] of results ?? []) if (err) throw err;
  }
}

/** The script splits on tabs and newlines: a codec value holding one would shift the fields. */
function lineSafe(value: string): string {
  if (/[\t\n]/.test(value))
    throw new Error(`registry field value holds a tab or newline: ${JSON.stringify(value)}`);
  return value;
}

function assertInfoHash(infoHash: Buffer): void {
  if (infoHash.length !== 20) throw new Error(`info_hash must be 20 bytes, got ${infoHash.length}`);
}
