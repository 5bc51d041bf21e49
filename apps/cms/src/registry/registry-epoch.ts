import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import type { RegistryEntry, RegistryStore } from '@tracker/core';
import { isValidRef } from './registry-outbox-drainer.js';
import type { RegistryExclusive } from './registry-reconciler.js';
import type { RegistryStateRepository } from './registry-state.repository.js';

/**
 * - `unchanged`: the store holds the epoch this process last saw (or the first one it sees).
 * - `adopted`: another epoch: another site process republished, or an old snapshot came back.
 * - `republished`: the store held none (Redis restarted empty): everything was written again.
 * - `busy`: another site process holds the registry; it will see the loss itself.
 */
export type EpochCheck = 'unchanged' | 'adopted' | 'republished' | 'busy';

/** Rows per database read and per Redis command of the full republish. */
const REPUBLISH_CHUNK = 2000;
/**
 * Chunks per turn of the registry lock: a drain waits for one turn at most (10,000 keys,
 * about 0.2 s), and 100,000 members cost 10 lock round trips instead of 50.
 */
const CHUNKS_PER_TURN = 5;

/**
 * Notices that the store lost the registry and publishes all of it again at once, instead of
 * leaving every member "unknown passkey" until the next reconciliation (minutes). After a full
 * publish the site writes a random epoch (`<prefix>:reg:epoch`); Redis restarted without
 * persistence has none. `check()` runs on the publisher's heartbeat tick and at every
 * reconnect. The republish reads chunks in id order and writes each in ONE atomic command,
 * a few chunks per turn of `exclusive` like every registry writer, so a drain between two
 * turns is never overwritten by an older read. The epoch is claimed only after the last chunk,
 * and only when the store is still the instance it was at the start (a second restart mid-way
 * would leave a partial registry under a fresh epoch); otherwise the next check starts over.
 */
export class RegistryEpochWatch {
  private seen: string | null = null;

  constructor(
    private readonly state: RegistryStateRepository,
    private readonly store: RegistryStore,
    private readonly logger: LoggerService,
    private readonly exclusive: RegistryExclusive,
    /** Called when another epoch shows up: a cheap digest reconciliation confirms the contents. */
    private readonly onForeignEpoch: () => void,
  ) {}

  async check(heartbeatTtlSeconds: number): Promise<EpochCheck> {
    await this.store.heartbeat(heartbeatTtlSeconds);
    const epoch = await this.store.readEpoch();
    if (epoch === null) return this.republish();
    if (this.seen === null || epoch === this.seen) {
      this.seen = epoch;
      return 'unchanged';
    }
    this.seen = epoch;
    this.onForeignEpoch();
    return 'adopted';
  }

  private async republish(): Promise<EpochCheck> {
    // An epoch this process saw is gone: the store lost the registry (a warning). None seen
    // yet: a new or in-process store being filled for the first time (info).
    const lost = this.seen !== null;
    const started = performance.now();
    const instance = await this.store.instance();
    const users = await this.publishAll('user');
    const torrents = users === null ? null : await this.publishAll('torrent');
    if (users === null || torrents === null) return 'busy';
    if ((await this.store.instance()) !== instance)
      throw new Error('the store restarted during the republish: publishing again');
    this.seen = await this.store.claimEpoch(randomUUID());
    const ms = Math.round(performance.now() - started);
    const what = `${users} users and ${torrents} torrent keys in ${ms} ms`;
    if (lost)
      this.logger.warn(`registry: the store lost its epoch (Redis restarted empty?): republished ${what}`);
    else this.logger.log(`registry: published ${what} into a store that held none`);
    return 'republished';
  }

  /** Keys written, or null when another site process holds the registry. */
  private async publishAll(kind: RegistryEntry['kind']): Promise<number | null> {
    let after = 0;
    let written = 0;
    for (;;) {
      const turn = await this.exclusive(null, () => this.publishTurn(kind, after));
      if (turn === null) return null;
      written += turn.written;
      if (turn.last === null) return written;
      after = turn.last;
    }
  }

  /**
   * Up to CHUNKS_PER_TURN chunks in one exclusive turn, each chunk's write overlapping the
   * next chunk's read; every read and write ends inside the turn (another site process may
   * write as soon as it ends).
   */
  private async publishTurn(kind: RegistryEntry['kind'], after: number): Promise<Chunked> {
    let written = 0;
    let chunk = await this.readChunk(kind, after);
    for (let i = 1; ; i++) {
      const entries = chunk.entries.filter((e) => isValidRef(kind, e.ref));
      written += entries.length;
      const write = entries.length > 0 ? this.store.writeMany(entries) : Promise.resolve();
      if (chunk.last === null || i === CHUNKS_PER_TURN) {
        await write;
        return { last: chunk.last, written };
      }
      [, chunk] = await Promise.all([write, this.readChunk(kind, chunk.last)]);
    }
  }

  private readChunk(kind: RegistryEntry['kind'], after: number) {
    return kind === 'user'
      ? this.state.userChunk(after, REPUBLISH_CHUNK)
      : this.state.torrentChunk(after, REPUBLISH_CHUNK);
  }
}

interface Chunked {
  /** The id to continue after; null when the table is done. */
  readonly last: number | null;
  readonly written: number;
}
