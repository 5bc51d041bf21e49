import { ApiToken } from '../api-tokens/api-token.entity.js';
import { Session } from '../auth/session.entity.js';
import { Invite } from '../invites/invite.entity.js';
import { Setting } from '../settings/setting.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity of the CMS, one per line: each owner adds its own. */
export const entities = [User, Session, Setting, Invite, ApiToken];
