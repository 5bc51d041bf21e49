import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { bigintToNumber } from '../database/column-types.js';
import { Torrent } from '../torrents/torrent.entity.js';

/**
 * Bytes an announce claimed that the announcer held as implausible (too fast, nobody to
 * upload to, more than the torrent's size) and did not credit: the evidence staff review.
 * One row per stats entry that held anything, written in the transaction that applies the
 * entry; the unique (source, entryId) makes a redelivered entry record once. The torrent id
 * turns null when the torrent is deleted (or was gone when the entry arrived); the info hash
 * still names it.
 */
@Entity('credit_holds')
@Index('uq_credit_holds_entry', ['source', 'entryId'], { unique: true })
export class CreditHold {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The ledger the entry came from (as in stats_applied: stream ids are unique per source). */
  @Column({ type: 'varchar', length: 96 })
  source!: string;

  @Column({ type: 'varchar', length: 32 })
  entryId!: string;

  @Index('idx_credit_holds_user')
  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'int', nullable: true })
  torrentId!: number | null;

  @ManyToOne(() => Torrent, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'torrentId' })
  torrent?: Torrent;

  /** 40 hex characters, as announced. */
  @Column({ type: 'varchar', length: 40 })
  infoHash!: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  heldUploaded!: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  heldDownloaded!: number;

  /** The causes, comma-joined in the announcer's order: `too_fast`, `no_leechers`, `over_size`. */
  @Column({ type: 'varchar', length: 64 })
  reason!: string;

  /** When the announce was accepted (the entry's timestamp). */
  @Column({ type: 'datetime', precision: 3 })
  announcedAt!: Date;

  /** The announcer instance that accepted it. */
  @Column({ type: 'varchar', length: 64 })
  instance!: string;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  recordedAt!: Date;
}
