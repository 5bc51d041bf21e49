import { AccountToken } from './account-tokens/account-token.entity.js';
import { ApiToken } from './api-tokens/api-token.entity.js';
import { Session } from './auth/session.entity.js';
import { Category } from './categories/category.entity.js';
import { Comment } from './comments/comment.entity.js';
import { Invite } from './invites/invite.entity.js';
import { RegistryOutbox } from './registry/registry-outbox.entity.js';
import { Release } from './releases/release.entity.js';
import { Setting } from './settings/setting.entity.js';
import { CreditHold } from './stats/credit-hold.entity.js';
import { PeerActivity } from './stats/peer-activity.entity.js';
import { StatsApplied } from './stats/stats-applied.entity.js';
import { Snatch } from './torrents/snatch.entity.js';
import { Torrent } from './torrents/torrent.entity.js';
import { RecoveryCode } from './two-factor/recovery-code.entity.js';
import { UserTwoFactor } from './two-factor/two-factor.entity.js';
import { User } from './users/user.entity.js';

/**
 * Every entity of the CMS, one per line: each owner adds its own. Here, at the composition root,
 * so that database/ (the data source, the SQL reader) imports no feature.
 */
export const entities = [
  User,
  Session,
  Setting,
  Invite,
  ApiToken,
  Category,
  Release,
  Torrent,
  Comment,
  Snatch,
  RegistryOutbox,
  StatsApplied,
  PeerActivity,
  CreditHold,
  AccountToken,
  UserTwoFactor,
  RecoveryCode,
];
