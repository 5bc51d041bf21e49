import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegistryKind } from '@tracker/core';

/**
 * One registry key that may have changed. Rows are written by database triggers (see
 * registry-triggers), so they commit in the same transaction as the change whatever code made
 * it; the outbox worker publishes the key's current state to the announcer's registry and only
 * then deletes the row.
 */
@Entity('registry_outbox')
export class RegistryOutbox {
  // int, not bigint: better-sqlite3 only auto-increments an INTEGER key, and 2^31 changes is ample.
  @PrimaryGeneratedColumn()
  id!: number;

  /** `user`: ref is a passkey; `torrent`: ref is a 40-hex info hash (v1, or a truncated v2). */
  @Column({ type: 'varchar', length: 8 })
  kind!: RegistryKind;

  @Column({ type: 'varchar', length: 64 })
  ref!: string;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
