import type { LedgerEntry, StatsEntry } from '@tracker/core';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { Snatch } from '../torrents/snatch.entity.js';
import { CreditHold } from './credit-hold.entity.js';
import { PeerActivity } from './peer-activity.entity.js';
import { StatsApplied } from './stats-applied.entity.js';
import { foldEntries, foldOrphans, pairKey, type SnatchState } from './stats-fold.js';

export interface ApplyResult {
  /** Applied now (their stats_applied rows committed with their effects). */
  readonly applied: string[];
  /** Already applied by an earlier transaction: to acknowledge, not to apply. */
  readonly duplicates: string[];
  /** Naming a user the database does not have: not applied. */
  readonly unknown: Array<{ id: string; reason: string }>;
  /** Of the applied, how many held credit (one credit_holds row each). */
  readonly held: number;
}

/** Entries to apply, and which of their torrents still exist. */
interface Applicable {
  readonly known: LedgerEntry[];
  readonly unknown: ApplyResult['unknown'];
  readonly torrents: Set<number>;
}

/**
 * Applies ledger entries to the site's tables in ONE transaction: their ids in stats_applied,
 * users' uploaded/downloaded (downloaded not counted on freeleech torrents), one snatch and
 * peer_activity row per user and torrent, and torrents' completed counts. The stats_applied
 * primary key makes a concurrent second application of an id fail and roll back whole.
 * An entry whose torrent was deleted still credits its member (`foldOrphans`); one whose
 * user is gone is refused, to be dead-lettered. An entry that held credit adds a
 * credit_holds row (the held bytes are evidence, never credited).
 */
export class StatsLedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  apply(source: string, records: readonly LedgerEntry[]): Promise<ApplyResult> {
    return this.dataSource.transaction((em) => this.applyIn(em, source, records));
  }

  private async applyIn(
    em: EntityManager,
    source: string,
    records: readonly LedgerEntry[],
  ): Promise<ApplyResult> {
    const ids = records.map((r) => r.id);
    const seen = new Set(
      ids.length === 0
        ? []
        : (
            await em.find(StatsApplied, { where: { source, entryId: In(ids) }, select: { entryId: true } })
          ).map((row) => row.entryId),
    );
    const fresh = records.filter((r) => !seen.has(r.id));
    const { known, unknown, torrents } = await this.splitKnown(em, fresh);
    const holds = known.filter((r) => holdsCredit(r.entry));
    const result = { applied: known.map((r) => r.id), duplicates: [...seen], unknown, held: holds.length };
    if (known.length === 0) return result;
    const now = new Date();
    await em.insert(
      StatsApplied,
      known.map((r) => ({ source, entryId: r.id, appliedAt: now })),
    );
    await this.recordHolds(em, source, holds, torrents);
    await this.applyEffects(
      em,
      known.map((r) => r.entry),
      torrents,
    );
    return result;
  }

  /** The held part of each entry, for staff; never credited (the entry's deltas exclude it). */
  private async recordHolds(
    em: EntityManager,
    source: string,
    records: readonly LedgerEntry[],
    torrents: Set<number>,
  ): Promise<void> {
    if (records.length === 0) return;
    await em.insert(
      CreditHold,
      records.map(({ id, entry: e }) => ({
        source,
        entryId: id,
        userId: e.userId,
        torrentId: torrents.has(e.torrentId) ? e.torrentId : null,
        infoHash: e.infoHashHex,
        heldUploaded: Number(e.heldUploaded),
        heldDownloaded: Number(e.heldDownloaded),
        reason: e.heldReason,
        announcedAt: new Date(e.timestamp),
        instance: e.instance,
      })),
    );
  }

  private async splitKnown(em: EntityManager, records: readonly LedgerEntry[]): Promise<Applicable> {
    const users = new Set(
      await this.existingIds(
        em,
        'user',
        records.map((r) => r.entry.userId),
      ),
    );
    const torrents = new Set(
      await this.existingIds(
        em,
        'torrent',
        records.map((r) => r.entry.torrentId),
      ),
    );
    const known: LedgerEntry[] = [];
    const unknown: ApplyResult['unknown'] = [];
    for (const r of records) {
      if (users.has(r.entry.userId)) known.push(r);
      else unknown.push({ id: r.id, reason: `unknown user ${r.entry.userId}` });
    }
    return { known, unknown, torrents };
  }

  private async existingIds(em: EntityManager, table: 'user' | 'torrent', ids: number[]): Promise<number[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = (await em.query(
      `SELECT id FROM \`${table}\` WHERE id IN (${unique.map(() => '?').join(', ')})`,
      unique,
    )) as Array<{ id: number }>;
    return rows.map((row) => Number(row.id));
  }

  private async applyEffects(em: EntityManager, entries: StatsEntry[], torrents: Set<number>): Promise<void> {
    const live = entries.filter((e) => torrents.has(e.torrentId));
    const freeleech = await this.freeleechTorrents(em, live);
    const snatches = await this.loadSnatches(em, live);
    const { users, completions } = foldEntries(live, snatches, (id) => freeleech.has(id));
    foldOrphans(
      entries.filter((e) => !torrents.has(e.torrentId)),
      users,
    );
    for (const [userId, d] of users) {
      await em.query('UPDATE `user` SET uploaded = uploaded + ?, downloaded = downloaded + ? WHERE id = ?', [
        d.uploaded.toString(),
        d.downloaded.toString(),
        userId,
      ]);
    }
    for (const [torrentId, n] of completions) {
      await em.query('UPDATE `torrent` SET completed = completed + ? WHERE id = ?', [n, torrentId]);
    }
    await this.saveSnatches(em, snatches);
  }

  private async freeleechTorrents(em: EntityManager, entries: StatsEntry[]): Promise<Set<number>> {
    const ids = [...new Set(entries.map((e) => e.torrentId))];
    if (ids.length === 0) return new Set();
    const rows = (await em.query(
      'SELECT t.id AS id FROM torrent t INNER JOIN `release` r ON r.id = t.releaseId ' +
        `WHERE r.freeleech = 1 AND t.id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    )) as Array<{ id: number }>;
    return new Set(rows.map((row) => Number(row.id)));
  }

  /** Current rows of every pair in the batch, locked on MySQL so concurrent batches serialize. */
  private async loadSnatches(em: EntityManager, entries: StatsEntry[]): Promise<Map<string, SnatchState>> {
    const pairs = [...new Map(entries.map((e) => [pairKey(e.userId, e.torrentId), e])).values()].map((e) => ({
      userId: e.userId,
      torrentId: e.torrentId,
    }));
    if (pairs.length === 0) return new Map(); // an empty where would match every row
    const lock =
      em.dataSource.options.type === 'better-sqlite3' ? undefined : { mode: 'pessimistic_write' as const };
    const snatchRows = await em.find(Snatch, { where: pairs, ...(lock ? { lock } : {}) });
    const activityRows = await em.find(PeerActivity, { where: pairs, ...(lock ? { lock } : {}) });
    const activity = new Map(activityRows.map((a) => [pairKey(a.userId, a.torrentId), a]));
    const states = new Map<string, SnatchState>();
    for (const s of snatchRows) {
      const a = activity.get(pairKey(s.userId, s.torrentId));
      states.set(pairKey(s.userId, s.torrentId), {
        uploaded: BigInt(s.uploaded),
        downloaded: BigInt(s.downloaded),
        completedAt: s.completedAt?.getTime() ?? null,
        seedingSeconds: s.seedingSeconds,
        lastSeen: s.lastSeen?.getTime() ?? null,
        state: a?.state ?? null,
        lastAnnounceAt: a?.lastAnnounceAt.getTime() ?? null,
      });
    }
    return states;
  }

  private async saveSnatches(em: EntityManager, states: Map<string, SnatchState>): Promise<void> {
    const snatches: Array<Partial<Snatch>> = [];
    const activity: PeerActivity[] = [];
    for (const [key, s] of states) {
      const [userId, torrentId] = key.split(':').map(Number) as [number, number];
      snatches.push({
        userId,
        torrentId,
        uploaded: Number(s.uploaded),
        downloaded: Number(s.downloaded),
        completedAt: s.completedAt === null ? null : new Date(s.completedAt),
        seedingSeconds: s.seedingSeconds,
        lastSeen: s.lastSeen === null ? null : new Date(s.lastSeen),
      });
      if (s.state !== null && s.lastAnnounceAt !== null) {
        activity.push(
          em.create(PeerActivity, {
            userId,
            torrentId,
            state: s.state,
            lastAnnounceAt: new Date(s.lastAnnounceAt),
          }),
        );
      }
    }
    if (snatches.length > 0) await em.upsert(Snatch, snatches, ['userId', 'torrentId']);
    if (activity.length > 0) await em.upsert(PeerActivity, activity, ['userId', 'torrentId']);
  }
}

function holdsCredit(e: StatsEntry): boolean {
  return e.heldUploaded > 0n || e.heldDownloaded > 0n || e.heldReason !== '';
}
