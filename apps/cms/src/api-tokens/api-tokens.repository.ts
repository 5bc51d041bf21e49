import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ApiToken } from './api-token.entity.js';

/** The `api_token` table. */
@Injectable()
export class ApiTokensRepository {
  constructor(@InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>) {}

  countOf(userId: number): Promise<number> {
    return this.tokens.count({ where: { userId } });
  }

  insert(userId: number, name: string, tokenHash: string): Promise<ApiToken> {
    return this.tokens.save(this.tokens.create({ userId, name, tokenHash, lastUsedAt: null }));
  }

  listOf(userId: number): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId }, order: { id: 'ASC' } });
  }

  /** Deletes the user's token; false when the user has no token of that id. */
  async delete(userId: number, tokenId: number): Promise<boolean> {
    const result = await this.tokens.delete({ id: tokenId, userId });
    return !!result.affected;
  }

  findByHash(tokenHash: string): Promise<ApiToken | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  async touch(id: number, at: Date): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: at });
  }
}
