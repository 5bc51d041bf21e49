import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A logged-in session kept in the database when no Redis is configured. The id is the
 * SHA-256 of the cookie value, so a leaked table cannot be replayed as cookies.
 */
@Entity('session')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  idHash!: string;

  @Index('idx_session_user')
  @Column({ type: 'int' })
  userId!: number;

  @Index('idx_session_expires')
  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;
}
