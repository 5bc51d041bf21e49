import type { Redis } from 'ioredis';
import { scriptKeyParts, type KeySchema } from '../key-schema.js';
import { encodeTorrentGrant, encodeUserGrant } from './registry-codec.js';
import { REPLACE_HASHES_SCRIPT } from './lua/lua-scripts.js';
import { assertPasskey, type RegistryWriter, type TorrentGrant, type UserGrant } from '@tracker/core';

/** REPLACE_HASHES_SCRIPT (lua/replace-hashes.lua): its KEYS and ARGV are described there. */
interface WriterCommands {
  /** numkeys (2), KEYS, ARGV as REPLACE_HASHES_SCRIPT reads them. */
  trackerReplaceHashes(...args: Array<string | string[]>): Promise<number>;
}

/** Many grants at once (`null`: remove the key), for a full publish. */
export interface RegistryBatch {
  readonly users: ReadonlyArray<{ readonly passkey: string; readonly grant: UserGrant | null }>;
  readonly torrents: ReadonlyArray<{ readonly infoHash: Buffer; readonly grant: TorrentGrant | null }>;
}

/**
 * Entries the change feed keeps (approximately). Memory-sync announcers read it every 100 ms;
 * one that falls further behind reloads the registry. A republish entry lists up to 2,000 refs
 * (~66 KB), a single write one (~100 B): at most ~66 MB right after a series of republishes.
 */
export const REGISTRY_CHANGES_MAX_LENGTH = 1000;

/**
 * The CMS publishes who may announce and which torrents exist. Each write replaces the
 * whole hash, bumps the registry version and appends the change to the feed in one atomic
 * script call, so a reader never sees half a grant and a memory-sync announcer learns which
 * keys to re-read (ADR 0019). The epoch key tells the CMS whether Redis still holds what it
 * published (KEY-SCHEMA.md).
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
    await this.replace('t', infoHash.toString('hex'), encodeTorrentGrant(grant));
  }

  async unpublishTorrent(infoHash: Buffer): Promise<void> {
    assertInfoHash(infoHash);
    await this.replace('t', infoHash.toString('hex'), null);
  }

  async upsertUser(passkey: string, grant: UserGrant): Promise<void> {
    assertPasskey(passkey);
    await this.replace('u', passkey.toLowerCase(), encodeUserGrant(grant));
  }

  async removeUser(passkey: string): Promise<void> {
    assertPasskey(passkey);
    await this.replace('u', passkey.toLowerCase(), null);
  }

  /**
   * A whole batch in ONE atomic command (one round trip, one version bump): the full republish
   * after Redis lost the registry writes 200,000 keys in 100 of these.
   */
  async writeBatch(batch: RegistryBatch): Promise<void> {
    for (const { passkey } of batch.users) assertPasskey(passkey);
    for (const { infoHash } of batch.torrents) assertInfoHash(infoHash);
    // One command per kind (their field names differ), sent together: one round trip.
    await Promise.all([
      this.replaceHashes(
        'u',
        batch.users.map((u) => [u.passkey.toLowerCase(), u.grant && encodeUserGrant(u.grant)]),
      ),
      this.replaceHashes(
        't',
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
    kind: RegistryKindCode,
    hashes: Array<[string, Record<string, string> | null]>,
  ): Promise<void> {
    if (hashes.length === 0) return;
    const { userHead, torrentHead } = scriptKeyParts(this.keys);
    const names = [...new Set(hashes.flatMap(([, fields]) => Object.keys(fields ?? {})))];
    let lines = '';
    for (const [ref, fields] of hashes) {
      lines += ref;
      for (const name of names) lines += `\t${lineSafe(fields?.[name] ?? '')}`;
      lines += '\n';
    }
    await this.commands.trackerReplaceHashes(
      '2',
      this.keys.registryVersion,
      this.keys.registryChanges,
      kind === 'u' ? userHead : torrentHead,
      String(names.length),
      names,
      lines,
      kind,
      String(REGISTRY_CHANGES_MAX_LENGTH),
    );
  }

  /** One hash: the same script as a batch, so the version and the feed entry come with it. */
  private replace(kind: RegistryKindCode, ref: string, fields: Record<string, string> | null): Promise<void> {
    return this.replaceHashes(kind, [[ref, fields]]);
  }
}

/** The change feed's `k`: which kind of registry hash its refs name. */
export type RegistryKindCode = 'u' | 't';

/** The script splits on tabs and newlines: a codec value holding one would shift the fields. */
function lineSafe(value: string): string {
  if (/[\t\n]/.test(value))
    throw new Error(`registry field value holds a tab or newline: ${JSON.stringify(value)}`);
  return value;
}

function assertInfoHash(infoHash: Buffer): void {
  if (infoHash.length !== 20) throw new Error(`info_hash must be 20 bytes, got ${infoHash.length}`);
}
