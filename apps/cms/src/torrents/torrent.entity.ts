import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Release } from '../releases/release.entity.js';
import { bigintToNumber, jsonBytes } from './column-transformers.js';

export interface TorrentFileEntry {
  path: string;
  length: number;
}

/**
 * The torrent of one release, stored in the site's canonical form (private, our source, no
 * announce). The swarm counters are filled later from the announcer; they are denormalized
 * here so browse can sort on them with an index. Each sort index ends in releaseId: browse
 * reads a page's release ids from the index alone, in the order of (column, releaseId).
 */
@Entity('torrent')
@Index('idx_torrent_size_release', ['size', 'releaseId'])
@Index('idx_torrent_seeders_release', ['seeders', 'releaseId'])
@Index('idx_torrent_leechers_release', ['leechers', 'releaseId'])
@Index('idx_torrent_completed_release', ['completed', 'releaseId'])
// The registry looks hybrids up by their v2 hash (registry-state.repository.ts).
@Index('idx_torrent_info_hash_v2', ['infoHashV2'])
export class Torrent {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Unique through the one-to-one relation's index. */
  @Column({ type: 'int' })
  releaseId!: number;

  /** By name: releases sit above torrents, and this file loads nothing of theirs. */
  @OneToOne('Release', 'torrent', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'releaseId' })
  release?: Release;

  /** v1 info hash of the canonical bytes, lower-case hex. */
  @Column({ type: 'varchar', length: 40, unique: true })
  infoHash!: string;

  /** v2 (SHA-256) info hash for hybrid torrents, lower-case hex. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  infoHashV2!: string | null;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  size!: number;

  @Column({ type: 'int' })
  pieceLength!: number;

  @Column({ type: 'int' })
  fileCount!: number;

  /**
   * [{ path, length }] as JSON bytes: a blob (LONGBLOB on MySQL) because a MySQL TEXT holds
   * only 64 KiB, less than the file list of a large multi-file torrent.
   */
  @Column({ type: 'blob', select: false, transformer: jsonBytes })
  files!: TorrentFileEntry[];

  /** The canonical .torrent (LONGBLOB on MySQL). */
  @Column({ type: 'blob', select: false })
  canonical!: Buffer;

  @Column({ type: 'int', default: 0 })
  seeders!: number;

  @Column({ type: 'int', default: 0 })
  leechers!: number;

  @Column({ type: 'int', default: 0 })
  completed!: number;
}
