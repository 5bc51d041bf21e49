import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A personal API token. Only the SHA-256 of the token is stored; the token is shown once. */
@Entity('api_token')
export class ApiToken {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_api_token_user')
  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  /** A label the owner chose, so they can tell tokens apart when revoking. */
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastUsedAt!: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
