import { randomBytes } from 'node:crypto';
import type { AnnounceEvent, SwarmAnnounce, SwarmStore } from '@tracker/core';
import type { DataSource } from 'typeorm';
import { Category } from '../../src/categories/category.entity.js';
import { Release } from '../../src/releases/release.entity.js';
import { Torrent } from '../../src/torrents/torrent.entity.js';

export const MIB = 1024 * 1024;

/** A published release with a torrent of `size` bytes, titled so a page can be searched for it. */
export async function publishedRelease(
  ds: DataSource,
  title: string,
  size = 100 * MIB,
): Promise<{ release: Release; torrent: Torrent; category: Category }> {
  const slug = `c${randomBytes(4).toString('hex')}`;
  const category = await ds.getRepository(Category).save({ name: slug, slug });
  const release = await ds.getRepository(Release).save(
    ds.getRepository(Release).create({
      title,
      description: `${title} description`,
      categoryId: category.id,
      status: 'published',
      publishedAt: new Date(),
      freeleech: false,
      authorId: 1,
    }),
  );
  const torrent = await ds.getRepository(Torrent).save(
    ds.getRepository(Torrent).create({
      releaseId: release.id,
      infoHash: randomBytes(20).toString('hex'),
      infoHashV2: null,
      name: title,
      size,
      pieceLength: 16384,
      fileCount: 1,
      files: [{ path: 'a', length: size }],
      canonical: Buffer.from('d4:infoe'),
      seeders: 0,
      leechers: 0,
      completed: 0,
    }),
  );
  return { release, torrent, category };
}

export interface PeerSpec {
  userId: number;
  torrent: Torrent;
  /** Distinguishes two clients of one user. */
  client?: number;
  event: AnnounceEvent;
  uploaded: number;
  downloaded: number;
  left: number;
}

/** The announce the announcer would make for this user's client, credited to the user. */
export function announceOf(peer: PeerSpec, now = Date.now()): SwarmAnnounce {
  const peerId = Buffer.alloc(20, peer.client ?? 1);
  peerId.writeUInt32BE(peer.userId, 0);
  return {
    infoHash: Buffer.from(peer.torrent.infoHash, 'hex'),
    peerId,
    peerKey: `u${peer.userId}:${peerId.toString('hex')}`,
    endpoint: { ip: Buffer.from([127, 0, 0, 1]), port: 6881 + (peer.client ?? 1) },
    event: peer.event,
    uploaded: BigInt(peer.uploaded),
    downloaded: BigInt(peer.downloaded),
    left: BigInt(peer.left),
    numWant: 0,
    peerTtlSeconds: 2880,
    minIntervalSeconds: 0,
    now,
    ledger: { userId: peer.userId, torrentId: peer.torrent.id, instance: 'swarm-counts-test' },
  };
}

/**
 * A user's client that starts leeching the whole torrent, then completes it having uploaded
 * `uploaded` bytes: a seeder now, and one snatch once the ledger is applied.
 */
export async function leechThenSeed(
  swarm: Pick<SwarmStore, 'announce'>,
  userId: number,
  torrent: Torrent,
  uploaded: number,
): Promise<void> {
  await swarm.announce(
    announceOf({ userId, torrent, event: 'started', uploaded: 0, downloaded: 0, left: torrent.size }),
  );
  await swarm.announce(
    announceOf({ userId, torrent, event: 'completed', uploaded, downloaded: torrent.size, left: 0 }),
  );
}

/** The text of the element with this id on a rendered page (e.g. `<dd id="seeders">`). */
export function textOf(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1];
}

/** The table row (`<tr ...>...</tr>`) of a list that links to this release. */
export function rowOf(html: string, releaseId: number): string | undefined {
  return html
    .split('<tr')
    .find((row) => row.includes(`href="/releases/${releaseId}"`))
    ?.split('</tr>')[0];
}

/** Seeders, leechers and snatches of a release-table row (its numeric cells after the size). */
export function countsInRow(row: string | undefined): {
  seeders: string;
  leechers: string;
  snatches: string;
} {
  const cells = [...(row ?? '').matchAll(/<td class="num[^"]*">([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
  return { seeders: cells[1] ?? '', leechers: cells[2] ?? '', snatches: cells[3] ?? '' };
}

/** The first row of the snatch list on a release page (empty when there is none). */
export function firstSnatchRow(html: string): string {
  return html.split('<tr class="snatch">')[1]?.split('</tr>')[0] ?? '';
}

/** The "my torrents" part of a profile page, cut at its Leeching heading. */
export function myTorrents(html: string): { seeding: string | undefined; leeching: string | undefined } {
  const [seeding, leeching] = (html.split('id="my-torrents"')[1] ?? '').split('<h2>Leeching</h2>');
  return { seeding, leeching };
}
