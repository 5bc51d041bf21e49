import { Module } from '@nestjs/common';
import { InvitesModule } from '../invites/invites.module.js';
import { AccountController } from './account.controller.js';
import { AccountPageService } from './account-page.service.js';
import { MeApiController } from './me-api.controller.js';
import { UserTorrentsRepository } from './user-torrents.repository.js';
import { UserTorrentsService } from './user-torrents.service.js';

/** The user's own profile (page and /api/v1/me). */
@Module({
  imports: [InvitesModule],
  controllers: [AccountController, MeApiController],
  providers: [AccountPageService, UserTorrentsRepository, UserTorrentsService],
})
export class AccountModule {}
