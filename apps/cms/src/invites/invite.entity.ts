import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An invitation a member creates in invite-only mode; the code is stored as its SHA-256. */
@Entity('invite')
export class Invite {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  codeHash!: string;

  @Index('idx_invite_inviter')
  @Column({ type: 'int' })
  inviterId!: number;

  @Column({ type: 'int', nullable: true })
  usedById!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
