import { Injectable } from '@nestjs/common';
import { invalid, notFound } from '../errors/domain-error.js';
import { randomToken, sha256Hex } from '../security/secure-tokens.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { ApiToken } from './api-token.entity.js';
import { ApiTokensRepository } from './api-tokens.repository.js';

/** Tokens look like `cms_<43 base64url chars>`; the prefix makes leaked ones easy to grep for. */
const TOKEN_PATTERN = /^cms_[A-Za-z0-9_-]{43}$/;
const MAX_TOKENS_PER_USER = 20;

@Injectable()
export class ApiTokensService {
  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly users: UsersService,
  ) {}

  /** Returns the token itself; only its SHA-256 is stored, so this is the one time it is seen. */
  async create(userId: number, rawName: string): Promise<{ token: string; record: ApiToken }> {
    const name = rawName.trim() || 'token';
    if (name.length > 64) throw invalid('Token name must be at most 64 characters.');
    if ((await this.tokens.countOf(userId)) >= MAX_TOKENS_PER_USER) {
      throw invalid(`You already have ${MAX_TOKENS_PER_USER} tokens; revoke one first.`);
    }
    const token = `cms_${randomToken()}`;
    const record = await this.tokens.insert(userId, name, sha256Hex(token));
    return { token, record };
  }

  listForUser(userId: number): Promise<ApiToken[]> {
    return this.tokens.listOf(userId);
  }

  async revoke(userId: number, tokenId: number): Promise<void> {
    if (!(await this.tokens.delete(userId, tokenId))) throw notFound('No such token.');
  }

  /** The enabled owner of a well-formed, known token, else null. */
  async authenticate(token: string): Promise<User | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const record = await this.tokens.findByHash(sha256Hex(token));
    if (!record) return null;
    const user = await this.users.findById(record.userId);
    if (!user || user.disabled) return null;
    await this.tokens.touch(record.id, new Date());
    return user;
  }
}
