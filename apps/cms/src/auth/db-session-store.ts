import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { randomToken, sha256Hex } from '../security/secure-tokens.js';
import { Session } from './session.entity.js';
import { SessionStore } from './session-store.js';

/** Sessions in the `session` table, used when no REDIS_URL is configured. */
@Injectable()
export class DbSessionStore extends SessionStore {
  constructor(@InjectRepository(Session) private readonly sessions: Repository<Session>) {
    super();
  }

  async create(userId: number, ttlMs: number): Promise<string> {
    const sessionId = randomToken();
    await this.sessions.insert({
      idHash: sha256Hex(sessionId),
      userId,
      expiresAt: new Date(Date.now() + ttlMs),
    });
    // Expired rows are swept here rather than by a timer: logins are rare enough to pay for it.
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return sessionId;
  }

  async find(sessionId: string): Promise<number | null> {
    const session = await this.sessions.findOneBy({ idHash: sha256Hex(sessionId) });
    if (!session || session.expiresAt.getTime() <= Date.now()) return null;
    return session.userId;
  }

  async destroy(sessionId: string): Promise<void> {
    await this.sessions.delete({ idHash: sha256Hex(sessionId) });
  }
}
