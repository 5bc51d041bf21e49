import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReleaseComments } from '../releases/release-comments.js';
import { ReleasesModule } from '../releases/releases.module.js';
import { Comment } from './comment.entity.js';
import { CommentsController } from './comments.controller.js';
import { CommentsRepository } from './comments.repository.js';
import { CommentsService } from './comments.service.js';

/**
 * Comments sit above releases (a comment checks that its release may be seen). Global, so
 * that the release page, in the releases module below, gets the list as ReleaseComments.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Comment]), ReleasesModule],
  controllers: [CommentsController],
  providers: [
    CommentsRepository,
    CommentsService,
    { provide: ReleaseComments, useExisting: CommentsService },
  ],
  exports: [CommentsService, ReleaseComments],
})
export class CommentsModule {}
