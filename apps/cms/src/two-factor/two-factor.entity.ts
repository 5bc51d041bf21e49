import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A member's TOTP authenticator. Until `enabledAt` is set it is an enrolment in progress (the
 * QR code shown, no code confirmed yet). The secret is stored as is, like the passkeys, and
 * shown only during enrolment. Not encrypted, because no key would help: SESSION_SECRET is
 * random per boot in the embedded mode (every enrolment would break at a restart), and a key
 * kept in the database sits beside what it protects. A key outside the database (an env
 * variable) is the way to add encryption at rest later.
 */
@Entity('user_two_factor')
export class UserTwoFactor {
  @PrimaryColumn({ type: 'int' })
  userId!: number;

  /** Base32, as the authenticator app holds it. */
  @Column({ type: 'varchar', length: 64 })
  secret!: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  enabledAt!: Date | null;

  /** The RFC 6238 time step of the last accepted code: the same code is never taken twice. */
  @Column({ type: 'int', nullable: true })
  lastTimeStep!: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
