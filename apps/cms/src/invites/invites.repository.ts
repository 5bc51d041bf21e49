import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { Invite } from './invite.entity.js';

/** The `invite` table. */
@Injectable()
export class InvitesRepository {
  constructor(@InjectRepository(Invite) private readonly invites: Repository<Invite>) {}

  /** The inviter's invites that are neither used nor expired at `now`. */
  countOpen(inviterId: number, now: Date): Promise<number> {
    return this.invites.count({ where: { inviterId, usedAt: IsNull(), expiresAt: MoreThan(now) } });
  }

  async insert(inviterId: number, codeHash: string, expiresAt: Date): Promise<void> {
    await this.invites.insert({ inviterId, codeHash, usedById: null, usedAt: null, expiresAt });
  }

  /** The newest `limit` invites of the inviter. */
  newestOf(inviterId: number, limit: number): Promise<Invite[]> {
    return this.invites.find({ where: { inviterId }, order: { id: 'DESC' }, take: limit });
  }

  findByCodeHash(codeHash: string): Promise<Invite | null> {
    return this.invites.findOneBy({ codeHash });
  }

  /** Marks the invite used unless it already is: one conditional UPDATE, so only one caller wins. */
  async markUsed(id: number, at: Date): Promise<boolean> {
    const claimed = await this.invites.update({ id, usedAt: IsNull() }, { usedAt: at });
    return claimed.affected === 1;
  }

  async setUsedBy(id: number, userId: number): Promise<void> {
    await this.invites.update({ id }, { usedById: userId });
  }

  /** Makes a claimed invite unused again, as long as no account was attached to it. */
  async unclaim(id: number): Promise<void> {
    await this.invites.update({ id, usedById: IsNull() }, { usedAt: null });
  }
}
