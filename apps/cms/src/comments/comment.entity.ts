import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Release } from '../releases/release.entity.js';

/** A reader's comment under a release; plain text (escaped on display). */
@Entity('comment')
@Index('idx_comment_release_created', ['releaseId', 'createdAt'])
export class Comment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  releaseId!: number;

  @ManyToOne(() => Release, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'releaseId' })
  release?: Release;

  @Index('idx_comment_author')
  @Column({ type: 'int' })
  authorId!: number;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
