import { Injectable } from '@nestjs/common';
import { ApiTokensService } from '../api-tokens/api-tokens.service.js';
import { InvitesService } from '../invites/invites.service.js';
import { SettingsService } from '../settings/settings.service.js';
import type { User } from '../users/user.entity.js';
import { ratioOf } from '../users/user-input.js';
import { UserTorrentsService } from './user-torrents.service.js';

export interface OneTimeSecrets {
  newToken?: string;
  newInviteUrl?: string;
}

/**
 * The view model of the user's own profile page: the only page that shows the passkey,
 * the announce URL built from it and the RSS key.
 */
@Injectable()
export class AccountPageService {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly invites: InvitesService,
    private readonly settings: SettingsService,
    private readonly userTorrents: UserTorrentsService,
  ) {}

  async build(user: User, secrets: OneTimeSecrets = {}): Promise<Record<string, unknown>> {
    const settings = await this.settings.get();
    const inviteMode = settings.registrationMode === 'invite';
    return {
      title: 'Your account',
      profile: {
        username: user.username,
        email: user.email,
        role: user.role,
        uploaded: user.uploaded,
        downloaded: user.downloaded,
        ratio: ratioOf(user.uploaded, user.downloaded),
        createdAt: user.createdAt,
        passkey: user.passkey,
        announceUrl: `${settings.announceBaseUrl}/announce?passkey=${user.passkey}`,
        rssKey: user.rssKey,
      },
      torrents: await this.userTorrents.current(user.id),
      tokens: await this.tokens.listForUser(user.id),
      inviteMode,
      invites: inviteMode ? await this.invites.listByInviter(user.id) : [],
      ...secrets,
    };
  }
}
