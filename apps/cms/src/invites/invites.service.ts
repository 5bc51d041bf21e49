import { Injectable } from '@nestjs/common';
import { invalid } from '../errors/domain-error.js';
import { randomToken, sha256Hex } from '../security/secure-tokens.js';
import type { Invite } from './invite.entity.js';
import { InvitesRepository } from './invites.repository.js';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const MAX_OPEN_INVITES = 10;

@Injectable()
export class InvitesService {
  constructor(private readonly invites: InvitesRepository) {}

  /** Returns the invite code; only its hash is kept, so it is shown to the inviter once. */
  async create(inviterId: number): Promise<string> {
    const open = await this.invites.countOpen(inviterId, new Date());
    if (open >= MAX_OPEN_INVITES) throw invalid(`You already have ${MAX_OPEN_INVITES} unused invites.`);
    const code = randomToken(18);
    await this.invites.insert(inviterId, sha256Hex(code), new Date(Date.now() + INVITE_TTL_MS));
    return code;
  }

  listByInviter(inviterId: number): Promise<Invite[]> {
    return this.invites.newestOf(inviterId, 50);
  }

  /**
   * Claims an unused, unexpired invite atomically (one conditional UPDATE), so one code
   * cannot register two accounts. Returns the invite id for `attach` or `release`.
   */
  async claim(code: string): Promise<number> {
    const invite =
      typeof code === 'string' && code ? await this.invites.findByCodeHash(sha256Hex(code.trim())) : null;
    if (invite && invite.expiresAt.getTime() > Date.now()) {
      if (await this.invites.markUsed(invite.id, new Date())) return invite.id;
    }
    throw invalid('This invite code is not valid (unknown, already used or expired).');
  }

  async attach(inviteId: number, userId: number): Promise<void> {
    await this.invites.setUsedBy(inviteId, userId);
  }

  /** Gives the invite back when the registration it was claimed for failed. */
  async release(inviteId: number): Promise<void> {
    await this.invites.unclaim(inviteId);
  }
}
