import { Body, Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireLogin } from '../auth/auth.guards.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { formString, renderFormError, renderPage } from '../http/render.js';
import type { User } from '../users/user.entity.js';
import { CommentsService } from './comments.service.js';

const EDIT_VIEW = 'pages/comments/edit';

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
    try {
      const comment = await this.comments.add(user, releaseId, text);
      res.redirect(303, `/releases/${releaseId}#comment-${comment.id}`);
    } catch (err) {
      renderFormError(
        res,
        EDIT_VIEW,
        { title: 'Comment', action: `/releases/${releaseId}/comments`, body: text, releaseId },
        err,
      );
    }
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
    try {
      const comment = await this.comments.edit(user, id, text);
      res.redirect(303, `/releases/${comment.releaseId}#comment-${id}`);
    } catch (err) {
      renderFormError(
        res,
        EDIT_VIEW,
        { title: 'Edit comment', action: `/comments/${id}/edit`, body: text },
        err,
      );
    }
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
}
