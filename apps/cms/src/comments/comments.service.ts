import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SqlReader } from '../database/sql-reader.js';
import { toDate, toNumber } from '../database/sql-values.js';
import { forbidden, invalid, notFound } from '../errors/domain-error.js';
import { canView, isStaff, type Viewer } from '../releases/release-access.js';
import type { CommentView } from '../releases/release-page.js';
import { Release } from '../releases/release.entity.js';
import { Comment } from './comment.entity.js';

export const MAX_COMMENT_CHARS = 5000;
/** A release page lists at most this many comments. */
const COMMENTS_PER_PAGE = 500;

/** Comments are plain text (escaped on display). Authors edit and delete their own; editors any. */
@Injectable()
export class CommentsService {
  constructor(
    @InjectRepository(Comment) private readonly comments: Repository<Comment>,
    @InjectRepository(Release) private readonly releases: Repository<Release>,
    private readonly sql: SqlReader,
  ) {}

  /** The release's comments, oldest first (at most 500), in one hand-written SELECT. */
  async listForRelease(viewer: Viewer | null, releaseId: number): Promise<CommentView[]> {
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
      [releaseId, COMMENTS_PER_PAGE],
    );
    return rows.map((row) => {
      const createdAt = toDate(row.createdAt) ?? new Date(0);
      const updatedAt = toDate(row.updatedAt) ?? createdAt;
      return {
        id: toNumber(row.id),
        body: row.body,
        authorName: row.authorName ?? 'deleted user',
        createdAt,
        edited: updatedAt.getTime() - createdAt.getTime() > 1000,
        canEdit: canChange(viewer, toNumber(row.authorId)),
      };
    });
  }

  async add(viewer: Viewer, releaseId: number, rawBody: string): Promise<Comment> {
    const release = await this.releases.findOne({
      where: { id: releaseId },
      select: { id: true, status: true, authorId: true },
    });
    if (!release || !canView(viewer, release)) throw notFound('No such release.');
    const body = checkBody(rawBody);
    return this.comments.save(this.comments.create({ releaseId, authorId: viewer.id, body }));
  }

  /** The comment if this viewer may change it. */
  async getEditable(viewer: Viewer, id: number): Promise<Comment> {
    const comment = await this.comments.findOneBy({ id });
    if (!comment) throw notFound('No such comment.');
    if (!canChange(viewer, comment.authorId)) throw forbidden('You can only change your own comments.');
    return comment;
  }

  async edit(viewer: Viewer, id: number, rawBody: string): Promise<Comment> {
    const comment = await this.getEditable(viewer, id);
    comment.body = checkBody(rawBody);
    return this.comments.save(comment);
  }

  async delete(viewer: Viewer, id: number): Promise<Comment> {
    const comment = await this.getEditable(viewer, id);
    await this.comments.delete({ id });
    return comment;
  }
}

function canChange(viewer: Viewer | null, authorId: number): boolean {
  return !!viewer && (viewer.id === authorId || isStaff(viewer));
}

function checkBody(raw: string): string {
  const body = raw.replace(/\r\n/g, '\n').trim();
  if (!body) throw invalid('Write something first.');
  if (body.length > MAX_COMMENT_CHARS)
    throw invalid(`A comment has at most ${MAX_COMMENT_CHARS} characters.`);
  return body;
}
