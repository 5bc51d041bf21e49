import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ACCOUNT_TOKEN_KINDS = ['reset', 'confirm_email', 'change_email'] as const;
export type AccountTokenKind = (typeof ACCOUNT_TOKEN_KINDS)[number];

/**
 * A single-use link sent by mail: reset a password, confirm the address given at sign-up, or
 * confirm a new address. The link carries 32 random bytes; only their SHA-256 is stored.
 */
@Entity('account_token')
export class AccountToken {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'simple-enum', enum: ACCOUNT_TOKEN_KINDS })
  kind!: AccountTokenKind;

  @Index('idx_account_token_user')
  @Column({ type: 'int' })
  userId!: number;

  @Index('uq_account_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  /** The address being confirmed by a change_email token; null for the other kinds. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  newEmail!: string | null;

  @Index('idx_account_token_expires')
  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
