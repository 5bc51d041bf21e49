import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A stats-ledger entry already applied, written in the same transaction as its effects: a
 * re-delivered entry (crash between commit and XACK, a claim from a slow consumer) finds its
 * row and is skipped. `source` names the ledger (the Redis stream key, or the in-process
 * ledger of one boot, whose ids restart at 1).
 */
@Entity('stats_applied')
export class StatsApplied {
  @PrimaryColumn({ type: 'varchar', length: 96 })
  source!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  entryId!: string;

  @Index('idx_stats_applied_at')
  @Column({ type: 'datetime', precision: 3 })
  appliedAt!: Date;
}
