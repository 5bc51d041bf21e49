import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A logged-in session kept in the database when no Redis is configured. The id is the
 * SHA-256 of the cookie value, so a leaked table cannot be replayed as cookies. The device
 * and address are what the member sees on /account/sessions to tell their sessions apart.
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

  /** The User-Agent header at login, cut to SESSION_USER_AGENT_MAX characters. */
  @Column({ type: 'varchar', length: 200, default: '' })
  userAgent!: string;

  /** The client address last seen (IPv6 at most 45 characters). */
  @Column({ type: 'varchar', length: 45, default: '' })
  ip!: string;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  /** Refreshed at most once a minute (SESSION_TOUCH_INTERVAL_MS), not on every request. */
  @Column({ type: 'datetime', precision: 3 })
  lastSeenAt!: Date;
}
