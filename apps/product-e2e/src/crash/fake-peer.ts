import { randomBytes, randomInt } from 'node:crypto';

/** How one announce ended, from the peer's side. */
export type AnnounceOutcome =
  | { kind: 'accepted' }
  | { kind: 'refused'; reason: string }
  /** No tracker answer (connection refused or reset, timeout, broken body): retried later. */
  | { kind: 'failed'; reason: string };

export interface Counters {
  uploaded: bigint;
  downloaded: bigint;
}

/**
 * What a leecher reports within the 64 KiB torrents the crash test publishes: the announcer
 * refuses a `left` beyond the torrent's size and holds, uncredited, a downloaded delta larger
 * than it (issue 11), so a leecher's growth between two accepted announces must stay below it
 * even after the dozen or so attempts an announcer restart costs.
 */
const LEECHER_LEFT = 1000;
const MAX_DOWNLOAD_STEP = 2 ** 10;

/**
 * A scripted BitTorrent client on one torrent: cumulative counters that start at an arbitrary
 * value and grow by a random amount before EVERY attempt, accepted or not, as a real client's
 * do while it keeps transferring. It remembers the counters of its first and last accepted
 * announce: the ledger must credit exactly `last - first`.
 */
export class FakePeer {
  readonly peerId = Buffer.concat([Buffer.from('-FK0001-'), randomBytes(12)]);
  readonly port = randomInt(10_000, 60_000);
  private counters: Counters = {
    uploaded: BigInt(randomInt(0, 2 ** 40)),
    downloaded: BigInt(randomInt(0, 2 ** 40)),
  };
  private first: Counters | null = null;
  private last: Counters | null = null;

  constructor(
    readonly passkey: string,
    readonly infoHash: Buffer,
    /** Seeders only upload; leechers upload and download. */
    readonly seeding: boolean,
  ) {}

  get started(): boolean {
    return this.first !== null;
  }

  /** The query of the next announce; the counters grow first (the client kept transferring). */
  nextQuery(event: 'started' | 'stopped' | 'none'): string {
    if (this.first !== null) this.grow();
    const fields = [
      `passkey=${this.passkey}`,
      `info_hash=${percent(this.infoHash)}`,
      `peer_id=${percent(this.peerId)}`,
      `port=${this.port}`,
      `uploaded=${this.counters.uploaded}`,
      `downloaded=${this.counters.downloaded}`,
      `left=${this.seeding ? 0 : LEECHER_LEFT}`,
      'compact=1',
      'numwant=0',
    ];
    if (event !== 'none') fields.push(`event=${event}`);
    return fields.join('&');
  }

  /** Records what the announcer accepted (the counters just sent). */
  accepted(): void {
    const sent = { ...this.counters };
    this.first ??= sent;
    this.last = sent;
  }

  /** What the ledger owes this peer's user: last accepted minus first accepted. */
  earned(): Counters {
    if (!this.first || !this.last) return { uploaded: 0n, downloaded: 0n };
    return {
      uploaded: this.last.uploaded - this.first.uploaded,
      downloaded: this.last.downloaded - this.first.downloaded,
    };
  }

  private grow(): void {
    this.counters = {
      uploaded: this.counters.uploaded + BigInt(randomInt(1, 2 ** 22)),
      downloaded: this.counters.downloaded + (this.seeding ? 0n : BigInt(randomInt(1, MAX_DOWNLOAD_STEP))),
    };
  }
}

/** Every byte percent-encoded: info_hash and peer_id are binary. */
function percent(bytes: Buffer): string {
  return [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}
