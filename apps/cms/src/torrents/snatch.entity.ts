import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Torrent } from './torrent.entity.js';
import { bigintToNumber } from './column-transformers.js';

/** What one user did on one torrent; filled from the announcer's stats later. */
@Entity('snatch')
@Index('uq_snatch_user_torrent', ['userId', 'torrentId'], { unique: true })
export class Snatch {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  userId!: number;

  @Index('idx_snatch_torrent')
  @Column({ type: 'int' })
  torrentId!: number;

  @ManyToOne(() => Torrent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'torrentId' })
  torrent?: Torrent;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  uploaded!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  downloaded!: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  seedingSeconds!: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastSeen!: Date | null;
}
