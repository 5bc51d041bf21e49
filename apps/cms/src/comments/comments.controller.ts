import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireLogin } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { DomainError } from '../errors/domain-error.js';
import { redirectWithFlash } from '../flash/flash.js';
import { renderFormErrors } from '../forms/form-errors.js';
import { ParseIdPipe } from '../http/parse-id.pipe.js';
import { formString, renderPage } from '../http/render.js';
import type { User } from '../users/user.entity.js';
import { CommentsService } from './comments.service.js';
import { COMMENT_TEXT } from './messages.js';

const EDIT_VIEW = 'pages/comments/edit';

/** What the comment form shows: the typed text, and the release to go back to when adding. */
type CommentForm = {
  title: string;
  action: string;
  body: string;
  releaseId?: number;
};

@Controller()
@RequireLogin()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Post('releases/:id/comments')
  async add(
    @Param('id', ParseIdPipe) releaseId: number,
    @Body() body: unknown,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const text = formString(body, 'body');
    const form = {
      title: COMMENT_TEXT.addTitle,
      action: `/releases/${releaseId}/comments`,
      body: text,
      releaseId,
    };
    await this.submit(res, form, async () => {
      const comment = await this.comments.add(user, releaseId, text);
      return { path: `/releases/${releaseId}#comment-${comment.id}`, message: COMMENT_TEXT.posted };
    });
  }

  @Get('comments/:id/edit')
  async editPage(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const comment = await this.comments.getEditable(user, id);
    renderPage(res, EDIT_VIEW, {
      title: COMMENT_TEXT.editTitle,
      action: `/comments/${id}/edit`,
      body: comment.body,
      releaseId: comment.releaseId,
    });
  }

  @Post('comments/:id/edit')
  async edit(
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const text = formString(body, 'body');
    const form = { title: COMMENT_TEXT.editTitle, action: `/comments/${id}/edit`, body: text };
    await this.submit(res, form, async () => {
      const comment = await this.comments.edit(user, id, text);
      return { path: `/releases/${comment.releaseId}#comment-${id}`, message: COMMENT_TEXT.saved };
    });
  }

  @Post('comments/:id/delete')
  async delete(
    @Param('id', ParseIdPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const comment = await this.comments.delete(user, id);
    redirectWithFlash(res, `/releases/${comment.releaseId}#comments`, 'ok', COMMENT_TEXT.deleted);
  }

  /**
   * Saves what was typed and goes to the place `save` returns, which shows its message once; a
   * client-safe refusal re-renders the form with the text kept and the message beside it.
   */
  private async submit(
    res: Response,
    form: CommentForm,
    save: () => Promise<{ path: string; message: string }>,
  ): Promise<void> {
    try {
      const saved = await save();
      redirectWithFlash(res, saved.path, 'ok', saved.message);
    } catch (err) {
      // Only a refused text goes beside the field; a missing release or a refusal stays above it.
      const beside = err instanceof DomainError && err.kind === 'invalid' ? 'body' : undefined;
      renderFormErrors(res, EDIT_VIEW, form, err, beside);
    }
  }
}
