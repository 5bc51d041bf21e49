import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SqlReader } from '../database/sql-reader.js';
import { toDate, toNumber } from '../database/sql-values.js';
import { Comment } from './comment.entity.js';

/** A comment as the release page lists it, with its author's name (null once the account is gone). */
export interface CommentRow {
  id: number;
  body: string;
  authorId: number;
  authorName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The `comment` table. */
@Injectable()
export class CommentsRepository {
  constructor(
    @InjectRepository(Comment) private readonly comments: Repository<Comment>,
    private readonly sql: SqlReader,
  ) {}

  /** The release's comments, oldest first, at most `limit`, in one hand-written SELECT. */
  async listForRelease(releaseId: number, limit: number): Promise<CommentRow[]> {
    const rows = await this.sql.rows<{
      id: unknown;
      body: string;
      authorId: unknown;
      createdAt: unknown;
      updatedAt: unknown;
      authorName: string | null;
    }>(
      `SELECT c.id AS id, c.body AS body, c.authorId AS authorId, c.createdAt AS createdAt,
              c.updatedAt AS updatedAt, u.username AS authorName
         FROM comment c
         LEFT JOIN \`user\` u ON u.id = c.authorId
        WHERE c.releaseId = ?
        ORDER BY c.createdAt ASC, c.id ASC
        LIMIT ?`,
      [releaseId, limit],
    );
    return rows.map((row) => {
      const createdAt = toDate(row.createdAt) ?? new Date(0);
      return {
        id: toNumber(row.id),
        body: row.body,
        authorId: toNumber(row.authorId),
        authorName: row.authorName,
        createdAt,
        updatedAt: toDate(row.updatedAt) ?? createdAt,
      };
    });
  }

  insert(releaseId: number, authorId: number, body: string): Promise<Comment> {
    return this.comments.save(this.comments.create({ releaseId, authorId, body }));
  }

  findById(id: number): Promise<Comment | null> {
    return this.comments.findOneBy({ id });
  }

  /** Saves a new text (and so a new updatedAt). */
  async setBody(comment: Comment, body: string): Promise<Comment> {
    comment.body = body;
    return this.comments.save(comment);
  }

  async delete(id: number): Promise<void> {
    await this.comments.delete({ id });
  }
}
