import { Injectable } from '@nestjs/common';
import { forbidden, invalid, notFound } from '../errors/domain-error.js';
import { canView, isStaff, type Viewer } from '../releases/release-access.js';
import type { ReleaseComments } from '../releases/release-comments.js';
import type { CommentView } from '../releases/release-page.js';
import { ReleasesRepository } from '../releases/releases.repository.js';
import type { Comment } from './comment.entity.js';
import { CommentsRepository } from './comments.repository.js';

export const MAX_COMMENT_CHARS = 5000;
/** A release page lists at most this many comments. */
const COMMENTS_PER_PAGE = 500;

/** Comments are plain text (escaped on display). Authors edit and delete their own; editors any. */
@Injectable()
export class CommentsService implements ReleaseComments {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly releases: ReleasesRepository,
  ) {}

  /** The release's comments, oldest first (at most 500). */
  async listForRelease(viewer: Viewer | null, releaseId: number): Promise<CommentView[]> {
    const rows = await this.comments.listForRelease(releaseId, COMMENTS_PER_PAGE);
    return rows.map((row) => ({
      id: row.id,
      body: row.body,
      authorName: row.authorName ?? 'deleted user',
      createdAt: row.createdAt,
      edited: row.updatedAt.getTime() - row.createdAt.getTime() > 1000,
      canEdit: canChange(viewer, row.authorId),
    }));
  }

  async add(viewer: Viewer, releaseId: number, rawBody: string): Promise<Comment> {
    const release = await this.releases.access(releaseId);
    if (!release || !canView(viewer, release)) throw notFound('No such release.');
    const body = checkBody(rawBody);
    return this.comments.insert(releaseId, viewer.id, body);
  }

  /** The comment if this viewer may change it. */
  async getEditable(viewer: Viewer, id: number): Promise<Comment> {
    const comment = await this.comments.findById(id);
    if (!comment) throw notFound('No such comment.');
    if (!canChange(viewer, comment.authorId)) throw forbidden('You can only change your own comments.');
    return comment;
  }

  async edit(viewer: Viewer, id: number, rawBody: string): Promise<Comment> {
    const comment = await this.getEditable(viewer, id);
    return this.comments.setBody(comment, checkBody(rawBody));
  }

  async delete(viewer: Viewer, id: number): Promise<Comment> {
    const comment = await this.getEditable(viewer, id);
    await this.comments.delete(id);
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
