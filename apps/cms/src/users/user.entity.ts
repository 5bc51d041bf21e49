import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../database/column-types.js';

export const ROLES = ['user', 'uploader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A site account. passwordHash, passkey and rssKey are secrets: never render or log them elsewhere. */
@Entity('user')
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  username!: string;

  @Column({ type: 'varchar', length: 254, unique: true })
  email!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'simple-enum', enum: ROLES, default: 'user' })
  role!: Role;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /**
   * False from a sign-up while the site requires e-mail confirmation until the link in the
   * mail is followed; such an account cannot log in. Accounts from before that are true.
   */
  @Column({ type: 'boolean', default: true })
  emailConfirmed!: boolean;

  /** Cleared by staff to stop a member from downloading (checked by the announcer later). */
  @Column({ type: 'boolean', default: true })
  canLeech!: boolean;

  /** 32 lower-case hex characters; goes into the announce URL of this user's .torrent files. */
  @Column({ type: 'varchar', length: 32, unique: true })
  passkey!: string;

  /** Authenticates RSS feed links; separate from the passkey so a leaked feed URL can be reset alone. */
  @Column({ type: 'varchar', length: 32, unique: true })
  rssKey!: string;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  uploaded!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  downloaded!: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
