import { Body, Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireLogin } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { formString, renderFormError, renderPage } from '../http/render.js';
import type { User } from '../users/user.entity.js';
import { CommentsService } from './comments.service.js';

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
    @Param('id', ParseIntPipe) releaseId: number,
    @Body() body: unknown,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const text = formString(body, 'body');
    const form = { title: 'Comment', action: `/releases/${releaseId}/comments`, body: text, releaseId };
    await this.submit(res, form, async () => {
      const comment = await this.comments.add(user, releaseId, text);
      return `/releases/${releaseId}#comment-${comment.id}`;
    });
  }

  @Get('comments/:id/edit')
  async editPage(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const comment = await this.comments.getEditable(user, id);
    renderPage(res, EDIT_VIEW, {
      title: 'Edit comment',
      action: `/comments/${id}/edit`,
      body: comment.body,
      releaseId: comment.releaseId,
    });
  }

  @Post('comments/:id/edit')
  async edit(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: unknown,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const text = formString(body, 'body');
    const form = { title: 'Edit comment', action: `/comments/${id}/edit`, body: text };
    await this.submit(res, form, async () => {
      const comment = await this.comments.edit(user, id, text);
      return `/releases/${comment.releaseId}#comment-${id}`;
    });
  }

  @Post('comments/:id/delete')
  async delete(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: User,
    @Res() res: Response,
  ): Promise<void> {
    const comment = await this.comments.delete(user, id);
    res.redirect(303, `/releases/${comment.releaseId}#comments`);
  }

  /**
   * Saves what was typed and goes to the place `save` returns; a client-safe refusal re-renders
   * the form with the text kept and the message shown.
   */
  private async submit(res: Response, form: CommentForm, save: () => Promise<string>): Promise<void> {
    try {
      res.redirect(303, await save());
    } catch (err) {
      renderFormError(res, EDIT_VIEW, form, err);
    }
  }
}
