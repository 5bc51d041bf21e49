import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One single-use recovery code (shown once at enrolment); only its SHA-256 is kept. */
@Entity('recovery_code')
export class RecoveryCode {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_recovery_code_user')
  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'varchar', length: 64 })
  codeHash!: string;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;
}
