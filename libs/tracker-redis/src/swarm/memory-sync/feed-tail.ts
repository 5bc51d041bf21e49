import type { Redis } from 'ioredis';
import type { KeySchema } from '../../key-schema.js';
import { decodeFeedPeers, type FeedPeer } from './credit-batch-codec.js';
import type { ChangeEntry, RegistryMirror } from './registry-mirror.js';

export interface FeedTailOptions {
  /** A connection of its own: XREAD BLOCK holds it. */
  readonly redis: Redis;
  readonly keys: KeySchema;
  /** This process's writer id: its own feed entries are skipped (already applied here). */
  readonly writer: string;
  readonly registry: RegistryMirror;
  /** The peer feed position to start after (read before the swarms were loaded). */
  readonly peerFeedId: string;
  readonly applyPeers: (peers: readonly FeedPeer[], own: boolean) => void;
  /** A peer feed entry was trimmed before it was read: the swarms must be read again. */
  readonly onPeerGap: () => Promise<void>;
  readonly onError: (err: Error) => void;
  /** XREAD BLOCK, ms. Default 100: a peer another announcer wrote is applied here within ~0.1 s of its batch. */
  readonly blockMs?: number;
}

const COUNT = 500;
const GAP_CHECK_MS = 10_000;
const ERROR_PAUSE_MS = 200;

/** How far behind the feeds this announcer is, for metrics. */
export interface FeedTailStats {
  /** ms between the newest peer feed entry applied and its reading; 0 before the first. */
  readonly peerFeedLagMs: number;
  readonly peerGaps: number;
  readonly failedReads: number;
}

/**
 * Tails the peer feed (`<prefix>:sw:feed`) and the registry change feed (`<prefix>:reg:changes`)
 * in one blocking XREAD loop. A stream id starts with its entry's time in ms (Redis's clock),
 * so the lag is read off the ids. The peer feed is bounded (MAXLEN ~): after a read error (this
 * announcer was cut off while others wrote) and every 10 s, its first id is compared with ours;
 * if entries we never read were trimmed, `onPeerGap` reloads the swarms.
 */
export class FeedTail {
  private peerId: string;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private lastGapCheck = Date.now();
  private suspectGap = false;
  private lagMs = 0;
  private gaps = 0;
  private failures = 0;

  constructor(private readonly options: FeedTailOptions) {
    this.peerId = options.peerFeedId;
  }

  start(): void {
    this.loop ??= this.run();
  }

  stats(): FeedTailStats {
    return { peerFeedLagMs: this.lagMs, peerGaps: this.gaps, failedReads: this.failures };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.once();
      } catch (err) {
        if (this.stopped) return;
        this.failures++;
        this.suspectGap = true;
        this.options.onError(err instanceof Error ? err : new Error(String(err)));
        await new Promise((r) => setTimeout(r, ERROR_PAUSE_MS));
      }
    }
  }

  private async once(): Promise<void> {
    const { redis, keys, registry } = this.options;
    if (this.suspectGap || Date.now() - this.lastGapCheck > GAP_CHECK_MS) await this.checkPeerGap();
    const reply = (await redis.xreadBuffer(
      'COUNT',
      COUNT,
      'BLOCK',
      this.options.blockMs ?? 100,
      'STREAMS',
      keys.swarmFeed,
      keys.registryChanges,
      this.peerId,
      registry.streamId,
    )) as Array<[Buffer, Array<[Buffer, Buffer[]]>]> | null;
    for (const [key, entries] of reply ?? []) {
      if (key.toString() === keys.swarmFeed) this.applyPeerEntries(entries);
      else await registry.apply(entries.map(([id, f]): ChangeEntry => [id.toString(), f.map(String)]));
    }
    await registry.tick();
  }

  private applyPeerEntries(entries: Array<[Buffer, Buffer[]]>): void {
    for (const [id, flat] of entries) {
      this.peerId = id.toString();
      let writer = '';
      let data: Buffer | undefined;
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const name = flat[i].toString();
        if (name === 'w') writer = flat[i + 1].toString();
        else if (name === 'd') data = flat[i + 1];
      }
      if (data === undefined) continue;
      try {
        this.options.applyPeers(decodeFeedPeers(data), writer === this.options.writer);
      } catch (err) {
        this.options.onError(err instanceof Error ? err : new Error(String(err)));
      }
      this.lagMs = Math.max(0, Date.now() - Number(this.peerId.split('-')[0]));
    }
  }

  private async checkPeerGap(): Promise<void> {
    this.lastGapCheck = Date.now();
    this.suspectGap = false;
    const first = (await this.options.redis.xrange(this.options.keys.swarmFeed, '-', '+', 'COUNT', 1))[0];
    if (first === undefined || this.peerId === '0-0' || !before(this.peerId, first[0])) return;
    // The oldest entry left is newer than the last we read: ours was trimmed, and with it
    // possibly entries we never read (only when we lag by MAXLEN entries, or the stream is
    // new after Redis lost it). Read the swarms again and go on from the newest entry.
    this.gaps++;
    this.peerId =
      (await this.options.redis.xrevrange(this.options.keys.swarmFeed, '+', '-', 'COUNT', 1))[0]?.[0] ??
      this.peerId;
    await this.options.onPeerGap();
  }
}

/** a < b as stream ids ("ms-seq"). */
function before(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am < bm || (am === bm && as < bs);
}
