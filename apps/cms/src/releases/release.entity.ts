import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Category } from '../categories/category.entity.js';
import type { Torrent } from '../torrents/torrent.entity.js';

export const RELEASE_STATUSES = ['draft', 'published'] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/**
 * A release is the news post around one torrent. Only `published` releases are listed and
 * downloadable; drafts are visible to their author and editors. The poster bytes are kept
 * out of default selects so list queries stay light.
 */
@Entity('release')
@Index('idx_release_status_published', ['status', 'publishedAt'])
@Index('idx_release_category_status_published', ['categoryId', 'status', 'publishedAt'])
// MySQL FULLTEXT for search; SQLite builds no index from it and browse falls back to LIKE.
@Index('ft_release_search', ['title', 'description'], { fulltext: true })
export class Release {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** Markdown source; rendered through marked + sanitize-html on display. */
  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'int' })
  categoryId!: number;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'categoryId' })
  category?: Category;

  @Column({ type: 'simple-enum', enum: RELEASE_STATUSES, default: 'draft' })
  status!: ReleaseStatus;

  @Column({ type: 'boolean', default: false })
  freeleech!: boolean;

  @Column({ type: 'int' })
  @Index('idx_release_author')
  authorId!: number;

  /** Image bytes (validated on upload); a longblob on MySQL via the migration. */
  @Column({ type: 'blob', nullable: true, select: false })
  poster?: Buffer | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  posterMime!: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt!: Date | null;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @OneToOne('Torrent', 'release')
  torrent?: Torrent;
}
