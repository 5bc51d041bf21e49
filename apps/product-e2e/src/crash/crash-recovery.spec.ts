import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createTorrent } from '@tracker/core';
import { killAllStarted } from '../support/app-process.js';
import { ProductStack } from '../support/product-stack.js';
import { createCategory, createEditor, registerMember, type Member } from '../support/site-accounts.js';
import type { ApiClient } from '../support/site-client.js';
import { unacknowledgedStats, waitForRegistry } from '../support/redis-probes.js';
import { TestServices } from '../support/test-services.js';
import { sleep } from '../support/wait-for.js';
import { FakePeer, type Counters } from './fake-peer.js';
import { LoadGenerator } from './load-generator.js';

// Crash test of the stats ledger: 200 fake peers (10 users x 20 torrents) announce known
// cumulative counters while the announcer, then the site (its ledger consumer), is killed
// with SIGKILL and restarted. Afterwards every user's credited uploaded/downloaded must equal
// what their peers' accepted announces earned: nothing lost, nothing doubled.
const USERS = 10;
const TORRENTS = 20;
const MIN_INTERVAL_S = 1;
// The restarted site's consumer takes over the dead one's pending entries once they have been
// idle 30 s (RedisStatsSource claimIdleMs, not configurable by env): allow for it.
const FLUSH_TIMEOUT_MS = 75_000;
let services: TestServices;
let stack: ProductStack;

beforeAll(async () => {
  services = await TestServices.create('crash');
  stack = await ProductStack.create(services, {
    announcerEnv: { ANNOUNCE_INTERVAL: '60', MIN_INTERVAL: String(MIN_INTERVAL_S) },
  });
  await stack.start();
}, 60_000);

afterAll(async () => {
  await killAllStarted();
  await services?.drop();
});

describe('kill -9 of the announcer and of the site under announce load', () => {
  it('credits every user exactly what their peers announced', async () => {
    try {
      await scenario();
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stack.logs()}`, { cause: err });
    }
  }, 175_000);
});

async function scenario(): Promise<void> {
  const members: Member[] = [];
  for (let i = 0; i < USERS; i++) members.push(await registerMember(stack, `crash_user_${i}`));
  const infoHashes = await publishTorrents(await createEditor(stack, 'crash_editor'));
  await waitForRegistry(
    services,
    infoHashes,
    members.map((m) => m.passkey),
  );
  const before = await Promise.all(members.map((m) => credited(m)));

  const peers = members.flatMap((m, u) =>
    infoHashes.map((ih, t) => new FakePeer(m.passkey, Buffer.from(ih, 'hex'), (u + t) % 2 === 0)),
  );
  const load = new LoadGenerator(stack.announcerPort, peers, {
    minIntervalMs: MIN_INTERVAL_S * 1000,
    retryMs: 500,
    maxPerPeer: 40,
  });
  await load.startAll(20_000);
  load.run();
  await crashBothUnderLoad(load);
  await load.halt();
  await load.stopAll(20_000);

  const expected = members.map((m, i) => plus(before[i], earnedBy(peers, m.passkey)));
  const got = await waitForCredit(members, expected);
  report(load, members, got, expected);
  expect(load.figures.failed).toBeGreaterThan(0); // the kills really hit live traffic
  expect(got).toEqual(expected);
}

/**
 * SIGKILL the announcer, restart it; later SIGKILL the site, restart it; load runs throughout.
 * The site is killed at a moment its consumer holds entries it has read and not acknowledged
 * (the case the restarted consumer must claim, apply once and acknowledge).
 */
async function crashBothUnderLoad(load: LoadGenerator): Promise<void> {
  await sleep(4000);
  const atAnnouncerKill = load.figures.accepted;
  await stack.announcer.kill9();
  await sleep(1500);
  await stack.startAnnouncer();
  await sleep(4000);
  const held = await freezeSiteHoldingEntries();
  await stack.site.kill9();
  expect(held.pending).toBeGreaterThan(0);
  await sleep(1000);
  await stack.startSite();
  await sleep(4000);
  console.log(
    `crash: announcer killed after ${atAnnouncerKill} accepted announces; site killed holding ` +
      `${held.pending} delivered, unacknowledged entries (${held.lag} more not yet delivered)`,
  );
}

/**
 * Freezes the site (SIGSTOP) at random moments until its consumer is caught between reading a
 * batch and acknowledging it, and leaves it frozen there for the kill. Bounded: 60 tries.
 */
async function freezeSiteHoldingEntries(): Promise<{ pending: number; lag: number }> {
  let last = { pending: 0, lag: 0 };
  for (let attempt = 0; attempt < 60; attempt++) {
    stack.site.pause(true);
    last = await unacknowledgedStats(services);
    if (last.pending > 0) return last;
    stack.site.pause(false);
    await sleep(20 + Math.floor(Math.random() * 180));
  }
  return last;
}

/** 20 small real torrents (createTorrent over random bytes), published through the API. */
async function publishTorrents(editor: ApiClient): Promise<string[]> {
  const category = await createCategory(stack, 'Crash test');
  const hashes: string[] = [];
  for (let i = 0; i < TORRENTS; i++) {
    const torrent = createTorrent({ name: `crash-${i}.bin`, content: randomBytes(64 * 1024) });
    const release = await editor.createRelease(
      { title: `Crash test ${i}`, category: String(category), publish: 'true' },
      torrent,
    );
    hashes.push(release.infoHash);
  }
  return hashes;
}

async function credited(member: Member): Promise<Counters> {
  const me = await member.api.me();
  return { uploaded: BigInt(me.uploaded), downloaded: BigInt(me.downloaded) };
}

/** Polls until every profile shows its expected figures (or the deadline); returns the last read. */
async function waitForCredit(members: Member[], expected: Counters[]): Promise<Counters[]> {
  const started = Date.now();
  for (;;) {
    const got = await Promise.all(members.map((m) => credited(m)));
    const settled = got.every((c, i) => sameCounters(c, expected[i]));
    if (settled || Date.now() - started > FLUSH_TIMEOUT_MS) {
      console.log(
        `crash: ${settled ? 'settled' : 'NOT settled'} ${((Date.now() - started) / 1000).toFixed(1)} s after the last announce`,
      );
      return got;
    }
    await sleep(1000);
  }
}

function sameCounters(a: Counters | undefined, b: Counters | undefined): boolean {
  return a?.uploaded === b?.uploaded && a?.downloaded === b?.downloaded;
}

function earnedBy(peers: FakePeer[], passkey: string): Counters {
  return peers
    .filter((p) => p.passkey === passkey)
    .map((p) => p.earned())
    .reduce(plus, { uploaded: 0n, downloaded: 0n });
}

function plus(a: Counters | undefined, b: Counters): Counters {
  return { uploaded: (a?.uploaded ?? 0n) + b.uploaded, downloaded: (a?.downloaded ?? 0n) + b.downloaded };
}

function report(load: LoadGenerator, members: Member[], got: Counters[], expected: Counters[]): void {
  const f = load.figures;
  const lines = [
    `crash: announces sent ${f.sent}, accepted ${f.accepted}, refused ${f.refused}, failed (no answer) ${f.failed}`,
    ...Object.entries(f.reasons).map(([reason, n]) => `crash:   ${reason}: ${n}`),
    ...members.map((m, i) => {
      const g = got[i];
      const e = expected[i];
      const ok = sameCounters(g, e) ? 'equal' : 'DIFFERENT';
      return `crash: ${m.username} credited up ${g?.uploaded} down ${g?.downloaded}; expected up ${e?.uploaded} down ${e?.downloaded}: ${ok}`;
    }),
  ];
  console.log(lines.join('\n'));
}
