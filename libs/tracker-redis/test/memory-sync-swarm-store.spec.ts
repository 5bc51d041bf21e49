import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type {
  RegisteredAnnounce,
  RegisteredAnnounceResult,
  RegisteredSwarmStore,
  RegistryWriter,
  SwarmAnnounce,
  SwarmAnnounceResult,
} from '@tracker/core';
import { runSwarmStoreContract } from '@tracker/core/testing';
import { createKeySchema, type KeySchema } from '../src/key-schema.js';
import { decodeStatsEntry } from '../src/stats/stats-entry-codec.js';
import { RedisRegistryWriter } from '../src/registry/redis-registry-writer.js';
import type { CreditBatchReply, CreditOutcome } from '../src/swarm/memory-sync/credit-batch-codec.js';
import { MemorySyncSwarmStore } from '../src/swarm/memory-sync/memory-sync-swarm-store.js';
import { createRedisTestContext, type RedisTestContext } from '../src/testing/redis-test-context.js';

let ctx: RedisTestContext;
beforeAll(async () => {
  ctx = await createRedisTestContext();
});
afterAll(async () => {
  await ctx.cleanup();
});

interface Started {
  readonly store: MemorySyncSwarmStore;
  readonly keys: KeySchema;
  readonly tail: Redis;
  /** Outcomes of every applied batch, in order. */
  readonly outcomes: CreditOutcome[];
}

async function startStore(over: { instance?: string; keys?: KeySchema } = {}): Promise<Started> {
  const keys = over.keys ?? createKeySchema(`${ctx.keys.prefix}:${randomBytes(4).toString('hex')}`);
  const tail = await ctx.connect();
  const outcomes: CreditOutcome[] = [];
  const store = new MemorySyncSwarmStore({
    redis: ctx.redis,
    tail,
    keys,
    instance: over.instance ?? 'contract',
    peerTtlSeconds: 1800,
    onApplied: (_records, reply: CreditBatchReply) => {
      if (reply.applied) outcomes.push(...reply.outcomes);
    },
  });
  await store.start();
  return { store, keys, tail, outcomes };
}

/**
 * The contract's view of a memory-sync store: the answer comes from memory at once, and its
 * credit is decided by the batch. So each announce is flushed before the test reads it, and
 * the result's credit and completion are the batch's (the same the ledger entry holds, which
 * the contract reads from the Redis stream). Everything else (counts, peers, minimum interval,
 * peers per member, the gate) is the answer as the client got it. Registry writes go through
 * the site's writer and the change feed; the test goes on once the store's copy has them.
 */
class SettledStore implements RegisteredSwarmStore {
  constructor(private readonly s: Started) {}

  async announce(input: SwarmAnnounce): Promise<SwarmAnnounceResult> {
    return this.settle(await this.s.store.announce(input));
  }

  async announceRegistered(input: RegisteredAnnounce): Promise<RegisteredAnnounceResult> {
    const result = await this.s.store.announceRegistered(input);
    return result.status === 'refused' ? result : this.settle(result);
  }

  scrape = (hashes: readonly Buffer[]) => this.s.store.scrape(hashes);
  counts = (hashes: readonly Buffer[]) => this.s.store.counts(hashes);
  close = () => this.s.store.close();

  private async settle(result: SwarmAnnounceResult): Promise<SwarmAnnounceResult> {
    if (result.status !== 'ok') return result;
    const before = this.s.outcomes.length;
    await this.s.store.flush();
    const outcome = this.s.outcomes[before];
    if (this.s.outcomes.length !== before + 1 || outcome?.status !== 'credited')
      throw new Error(`expected one credited outcome, got ${JSON.stringify(this.s.outcomes.slice(before))}`);
    const { deltaUploaded, deltaDownloaded, heldUploaded, heldDownloaded, heldReason, completedNow } =
      outcome;
    return {
      ...result,
      deltaUploaded,
      deltaDownloaded,
      heldUploaded,
      heldDownloaded,
      heldReason,
      completedNow,
    };
  }
}

function syncedWriter(s: Started): RegistryWriter {
  const writer = new RedisRegistryWriter(ctx.redis, s.keys);
  const caughtUp = async (): Promise<void> => {
    const target = Number(await ctx.redis.get(s.keys.registryVersion));
    const deadline = Date.now() + 3000;
    while (s.store.registry.stats.version < target) {
      if (Date.now() > deadline) throw new Error('registry copy did not catch up within 3 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return {
    publishTorrent: (h, g) => writer.publishTorrent(h, g).then(caughtUp),
    unpublishTorrent: (h) => writer.unpublishTorrent(h).then(caughtUp),
    upsertUser: (p, g) => writer.upsertUser(p, g).then(caughtUp),
    removeUser: (p) => writer.removeUser(p).then(caughtUp),
  };
}

runSwarmStoreContract('memory-sync (credit read after each flush)', async () => {
  const s = await startStore();
  return {
    store: new SettledStore(s),
    registry: syncedWriter(s),
    ledgerEntries: async () =>
      (await ctx.redis.xrange(s.keys.statsStream, '-', '+')).map(([, f]) => decodeStatsEntry(f)),
    cleanup: async () => {
      await s.store.close();
      await s.tail.quit();
    },
  };
});

const peerId = (n: number) => Buffer.from(`-MS0001-${String(n).padStart(12, '0')}`, 'latin1');
const open = (infoHash: Buffer, n: number, over: Partial<SwarmAnnounce> = {}): SwarmAnnounce => ({
  infoHash,
  peerId: peerId(n),
  peerKey: `peer-${n}`,
  endpoint: { ip: Buffer.from([10, 9, 0, n]), port: 6000 + n },
  event: 'started',
  uploaded: 0n,
  downloaded: 0n,
  left: 100n,
  numWant: 50,
  peerTtlSeconds: 1800,
  minIntervalSeconds: 0,
  now: Date.now(),
  ledger: { userId: 7, torrentId: 8, instance: 'x' },
  ...over,
});
const ledgerOf = async (keys: KeySchema) =>
  (await ctx.redis.xrange(keys.statsStream, '-', '+')).map(([, f]) => decodeStatsEntry(f));
const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 3000): Promise<number> => {
  const started = Date.now();
  while (!(await ok())) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - started;
};

describe('memory-sync beyond the contract', () => {
  const opened: Started[] = [];
  const start = async (over: { instance?: string; keys?: KeySchema } = {}) => {
    const s = await startStore(over);
    opened.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of opened) {
      await s.store.close();
      await s.tail.quit();
    }
  });

  it('applies a batch retried with the same seq once (the reply was lost, not the write)', async () => {
    const a = await start();
    const hash = randomBytes(20);
    await a.store.announce(open(hash, 2));
    await a.store.announce(open(hash, 1));
    await a.store.flush();
    await a.store.announce(open(hash, 1, { event: 'none', uploaded: 500n, now: Date.now() + 1000 }));
    // Capture the next batch as the script receives it, then send it twice: the retry after
    // a timeout whose write had in fact happened.
    const commands = ctx.redis as unknown as { trackerCreditBatchBuffer(...a: unknown[]): Promise<Buffer> };
    const real = commands.trackerCreditBatchBuffer.bind(ctx.redis);
    const replies: Buffer[] = [];
    commands.trackerCreditBatchBuffer = async (...args: unknown[]) => {
      replies.push(await real(...args));
      replies.push(await real(...args));
      return replies[0];
    };
    try {
      await a.store.flush();
    } finally {
      commands.trackerCreditBatchBuffer = real;
    }
    expect(replies.map((r) => r[0])).toEqual([1, 0]);
    expect((await ledgerOf(a.keys)).map((e) => e.deltaUploaded)).toEqual([0n, 0n, 500n]);
  });

  it('skips a record older than what Redis holds for the peer, so a late batch cannot move the baseline back', async () => {
    const a = await start({ instance: 'a' });
    const b = await start({ instance: 'b', keys: a.keys });
    const hash = randomBytes(20);
    const t = Date.now();
    await a.store.announce(open(hash, 2, { now: t }));
    await a.store.announce(open(hash, 1, { now: t }));
    await a.store.flush();
    // A answers an announce of 100 bytes but cannot write it yet; the peer moves on to B.
    await a.store.announce(open(hash, 1, { event: 'none', uploaded: 100n, now: t + 10_000 }));
    await b.store.announce(open(hash, 1, { event: 'none', uploaded: 200n, now: t + 20_000 }));
    await b.store.flush();
    await a.store.flush();
    await b.store.announce(open(hash, 1, { event: 'none', uploaded: 300n, now: t + 30_000 }));
    await b.store.flush();
    const credited = (await ledgerOf(a.keys)).reduce((sum, e) => sum + e.deltaUploaded, 0n);
    expect(credited).toBe(300n);
    expect(a.outcomes.at(-1)).toEqual({ status: 'stale' });
  });

  it('hands a peer announced to one store out by another within 1 s, and loads the swarms at start', async () => {
    const a = await start({ instance: 'a' });
    const b = await start({ instance: 'b', keys: a.keys });
    const hash = randomBytes(20);
    await a.store.announce(open(hash, 1, { left: 0n }));
    const peersOfB = async () => {
      const r = await b.store.announce(open(hash, 50, { event: 'none', numWant: 10 }));
      return r.status === 'ok' ? r.peers4.map((p) => p.port) : [];
    };
    expect(
      await until('B hands out A’s peer', async () => (await peersOfB()).includes(6001), 1000),
    ).toBeLessThan(1000);
    await b.store.flush();
    const c = await start({ instance: 'c', keys: a.keys });
    expect(await c.store.counts([hash])).toEqual([{ complete: 1, incomplete: 1, downloaded: 0 }]);
    expect(c.store.stats().load).toMatchObject({ swarms: 1, peers: 2 });
  });

  it('writes records the announce script reads: a memory-sync baseline is credited by redis-script', async () => {
    const a = await start();
    const hash = randomBytes(20);
    await a.store.announce(open(hash, 2));
    await a.store.announce(open(hash, 1, { uploaded: 1000n }));
    await a.store.flush();
    const { RedisSwarmStore } = await import('../src/swarm/redis-swarm-store.js');
    const script = new RedisSwarmStore({ redis: ctx.redis, keys: a.keys, peerTtlSeconds: 1800 });
    const r = await script.announce(
      open(hash, 1, { event: 'none', uploaded: 1500n, now: Date.now() + 1000 }),
    );
    expect(r).toMatchObject({ status: 'ok', deltaUploaded: 500n, incomplete: 2 });
  });

  it('reloads the registry when a write did not come through the feed (a version gap)', async () => {
    const a = await start();
    const pk = randomBytes(16).toString('hex');
    const writer = new RedisRegistryWriter(ctx.redis, a.keys);
    await ctx.redis.hset(a.keys.user(pk), { id: '5', en: '1', lc: '1' });
    await ctx.redis.incr(a.keys.registryVersion);
    await writer.publishTorrent(randomBytes(20), { torrentId: 1, freeleech: false });
    await until('the copy reloads', async () => (await a.store.registry.findUser(pk)) !== null);
    expect(a.store.registry.stats.reloads).toBe(2);
  });

  it('keeps at most maxPending records while Redis is away and counts what it drops', async () => {
    const { CreditBatchWriter } = await import('../src/swarm/memory-sync/credit-batch-writer.js');
    const { createRedisClient } = await import('../src/connection/redis-client.js');
    const { encodeCreditRecord } = await import('../src/swarm/memory-sync/credit-batch-codec.js');
    const away = createRedisClient('redis://127.0.0.1:1', { commandTimeoutMs: 50 });
    away.on('error', () => undefined);
    const errors: Error[] = [];
    const writer = new CreditBatchWriter({
      redis: away,
      keys: ctx.keys,
      writer: 'w',
      maxBatch: 2,
      maxPending: 4,
      onError: (e) => errors.push(e),
    });
    const record = encodeCreditRecord({
      ...open(randomBytes(20), 1),
      slotId: Buffer.alloc(8),
      completedTtlMs: 1,
    });
    for (let i = 0; i < 10; i++) writer.append(record);
    await expect(writer.flush()).rejects.toThrow();
    expect(writer.stats()).toMatchObject({ pendingRecords: 4, droppedRecords: 6 });
    expect(errors.length).toBeGreaterThan(0);
    writer.close();
    away.disconnect();
  });
});
