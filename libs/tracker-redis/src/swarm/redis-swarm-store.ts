import type { Redis } from 'ioredis';
import type {
  HeldReason,
  LedgerContext,
  RefusalCode,
  RegisteredAnnounce,
  RegisteredAnnounceResult,
  RegisteredSwarmStore,
  SwarmAnnounce,
  SwarmAnnounceResult,
  SwarmCounts,
  SwarmPeer,
} from '@tracker/core';
import type { KeySchema } from '../key-schema.js';
import { decodeBatchReply, decodeCountsReply, encodeAnnounceRecord } from './announce-batch-codec.js';
import { AnnounceBatcher, type AnnounceReply } from './announce-batcher.js';
import { scriptKeyParts, type ScriptKeyParts } from '../key-schema.js';
import { ANNOUNCE_BATCH_SCRIPT, COUNTS_BATCH_SCRIPT } from './announce-script.js';

export interface RedisSwarmStoreOptions {
  readonly redis: Redis;
  readonly keys: KeySchema;
  /** Scrape and counts carry no TTL of their own: peers silent longer than this are not counted. */
  readonly peerTtlSeconds: number;
  /** Epoch ms for scrape/counts; injectable so tests can move time. Default Date.now. */
  readonly clock?: () => number;
  /** How long a swarm's completed counter outlives its last announce. Default 30 days. */
  readonly completedTtlSeconds?: number;
  /** Quit the connection on close(). Default false: the caller owns it. */
  readonly ownsConnection?: boolean;
}

type ScriptArg = string | Buffer | number;

/** The custom commands `defineCommand` adds (ioredis types do not know them). */
interface TrackerCommands {
  /** numkeys, KEYS, ARGV as the batch script reads them; one packed reply for the batch. */
  trackerAnnounceBatchBuffer(...args: ScriptArg[]): Promise<Buffer>;
  /** numkeys (0), ARGV as the counts script reads them; one packed reply. */
  trackerCountsBatchBuffer(...args: ScriptArg[]): Promise<Buffer>;
}

const DEFAULT_COMPLETED_TTL_SECONDS = 30 * 24 * 3600;

/**
 * SwarmStore on Redis: every announce is one atomic step of ANNOUNCE_BATCH_SCRIPT, so the
 * peer upsert, the counts, the peer sample, the earned delta and the stats-stream entry
 * happen together (see KEY-SCHEMA.md for the layout). The announces of one event-loop turn
 * share one EVALSHA (`AnnounceBatcher`): still one round trip per announce at most.
 */
export class RedisSwarmStore implements RegisteredSwarmStore {
  private readonly commands: TrackerCommands;
  private readonly clock: () => number;
  private readonly completedTtlMs: number;
  private readonly batcher: AnnounceBatcher;
  private readonly keyParts: ScriptKeyParts;

  constructor(private readonly options: RedisSwarmStoreOptions) {
    defineTrackerCommands(options.redis);
    this.commands = options.redis as unknown as TrackerCommands;
    const streamKey = options.keys.statsStream;
    this.keyParts = scriptKeyParts(options.keys);
    const { swarmHead, userHead, torrentHead, suffixes } = this.keyParts;
    // ARGV 3-11 of ANNOUNCE_BATCH_SCRIPT, the same for every call.
    const names = [
      swarmHead,
      userHead,
      torrentHead,
      suffixes.peers,
      suffixes.peers6,
      suffixes.peerData,
      suffixes.completed,
      suffixes.pool,
      suffixes.users,
    ];
    this.batcher = new AnnounceBatcher((requests) =>
      this.commands
        .trackerAnnounceBatchBuffer(1, streamKey, requests.length, Buffer.concat(requests), ...names)
        .then((reply) => decodeBatchReply(reply, requests.length)),
    );
    this.clock = options.clock ?? Date.now;
    this.completedTtlMs = (options.completedTtlSeconds ?? DEFAULT_COMPLETED_TTL_SECONDS) * 1000;
  }

  async announce(input: SwarmAnnounce): Promise<SwarmAnnounceResult> {
    const reply = await this.runAnnounce(input, input.peerKey, input.ledger, undefined);
    if (Number(reply[0]) === 2) throw new Error('announce script refused without a registry gate');
    return parseAnnounceReply(reply, input.endpoint.ip.length);
  }

  /**
   * Private mode in ONE round trip: the script checks the passkey's user and the torrent
   * in the registry (KEY-SCHEMA.md) before touching the swarm, and credits the registry's
   * user and torrent ids. The peer key becomes `registeredPeerKey(userId, peerId)`, built
   * inside the script. A refusal changes nothing.
   */
  async announceRegistered(input: RegisteredAnnounce): Promise<RegisteredAnnounceResult> {
    const ledger = { userId: 0, torrentId: 0, instance: input.instance };
    const reply = await this.runAnnounce(input, '', ledger, input.passkey);
    if (Number(reply[0]) === 2) return { status: 'refused', code: String(reply[1]) as RefusalCode };
    return parseAnnounceReply(reply, input.endpoint.ip.length);
  }

  private runAnnounce(
    input: Omit<SwarmAnnounce, 'peerKey' | 'ledger'>,
    peerKey: string,
    ledger: LedgerContext | undefined,
    passkey: string | undefined,
  ): Promise<AnnounceReply> {
    return this.batcher.submit(
      encodeAnnounceRecord({
        input,
        mode: passkey !== undefined ? 2 : ledger ? 1 : 0,
        peerKey,
        userId: ledger?.userId ?? 0,
        torrentId: ledger?.torrentId ?? 0,
        instance: ledger?.instance ?? '',
        // Registry keys hold the passkey in lower case (KeySchema.user).
        passkey: passkey?.toLowerCase() ?? '',
        completedTtlMs: this.completedTtlMs,
      }),
    );
  }

  scrape(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]> {
    return this.counts(infoHashes);
  }

  /** One read-only script call for all the swarms (COUNTS_BATCH_SCRIPT): one round trip. */
  async counts(infoHashes: readonly Buffer[]): Promise<SwarmCounts[]> {
    if (infoHashes.length === 0) return [];
    const cutoff = this.clock() - this.options.peerTtlSeconds * 1000;
    const { swarmHead, suffixes } = this.keyParts;
    const hexes = infoHashes.map((h) => h.toString('hex'));
    const reply = await this.commands.trackerCountsBatchBuffer(
      0,
      swarmHead,
      suffixes.peers,
      suffixes.completed,
      cutoff,
      ...hexes,
    );
    return decodeCountsReply(reply, infoHashes.length);
  }

  async close(): Promise<void> {
    if (this.options.ownsConnection) await this.options.redis.quit();
  }
}

/** Idempotent: both the swarm store and other users of the same connection may call it. */
export function defineTrackerCommands(redis: Redis): void {
  const probe = redis as unknown as Partial<TrackerCommands>;
  if (typeof probe.trackerAnnounceBatchBuffer === 'function') return;
  // No fixed numberOfKeys: the caller passes it first (1: the stream).
  redis.defineCommand('trackerAnnounceBatch', { lua: ANNOUNCE_BATCH_SCRIPT });
  redis.defineCommand('trackerCountsBatch', { lua: COUNTS_BATCH_SCRIPT, readOnly: true });
}

function parseAnnounceReply(reply: AnnounceReply, ipLength: number): SwarmAnnounceResult {
  if (Number(reply[0]) === 0) return { status: 'too_soon', retryAfterSeconds: Number(reply[1]) };
  if (Number(reply[0]) === 4) return { status: 'too_many_peers', maxPeers: Number(reply[1]) };
  const [, complete, incomplete, downloaded, completedNow, du, dd, hu, hd, reason, blob] = reply;
  const peers = splitPeers(blob as Buffer | null, ipLength);
  return {
    status: 'ok',
    complete: Number(complete),
    incomplete: Number(incomplete),
    downloaded: Number(downloaded),
    completedNow: Number(completedNow) === 1,
    deltaUploaded: (du as Buffer).readBigUInt64BE(0),
    deltaDownloaded: (dd as Buffer).readBigUInt64BE(0),
    heldUploaded: (hu as Buffer).readBigUInt64BE(0),
    heldDownloaded: (hd as Buffer).readBigUInt64BE(0),
    heldReason: reason as HeldReason,
    peers4: ipLength === 4 ? peers : [],
    peers6: ipLength === 16 ? peers : [],
  };
}

function splitPeers(blob: Buffer | null, ipLength: number): SwarmPeer[] {
  if (!blob) return [];
  const size = ipLength + 2;
  const peers: SwarmPeer[] = [];
  for (let at = 0; at + size <= blob.length; at += size) {
    peers.push({ ip: blob.subarray(at, at + ipLength), port: blob.readUInt16BE(at + ipLength) });
  }
  return peers;
}
