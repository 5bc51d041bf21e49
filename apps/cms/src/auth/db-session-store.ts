import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Not, type Repository } from 'typeorm';
import { randomToken, sha256Hex } from '../security/secure-tokens.js';
import { Session } from './session.entity.js';
import {
  isSessionHandle,
  type LiveSession,
  NO_SESSION_CLIENT,
  type SessionClient,
  type SessionInfo,
  SessionStore,
} from './session-store.js';

/** Sessions in the `session` table, used when no REDIS_URL is configured. */
@Injectable()
export class DbSessionStore extends SessionStore {
  constructor(@InjectRepository(Session) private readonly sessions: Repository<Session>) {
    super();
  }

  async create(userId: number, ttlMs: number, client: SessionClient = NO_SESSION_CLIENT): Promise<string> {
    const sessionId = randomToken();
    const now = new Date();
    await this.sessions.insert({
      idHash: sha256Hex(sessionId),
      userId,
      expiresAt: new Date(now.getTime() + ttlMs),
      userAgent: client.userAgent,
      ip: client.ip,
      lastSeenAt: now,
    });
    // Expired rows are swept here rather than by a timer: logins are rare enough to pay for it.
    await this.sessions.delete({ expiresAt: LessThan(now) });
    return sessionId;
  }

  async lookup(sessionId: string): Promise<LiveSession | null> {
    const session = await this.sessions.findOne({
      where: { idHash: sha256Hex(sessionId) },
      select: { userId: true, expiresAt: true, lastSeenAt: true },
    });
    if (!session || session.expiresAt.getTime() <= Date.now()) return null;
    return { userId: session.userId, lastSeenAt: session.lastSeenAt };
  }

  async touch(sessionId: string, ip: string, now: Date): Promise<void> {
    await this.sessions.update({ idHash: sha256Hex(sessionId) }, { lastSeenAt: now, ip });
  }

  async destroy(sessionId: string): Promise<void> {
    await this.sessions.delete({ idHash: sha256Hex(sessionId) });
  }

  async listForUser(userId: number): Promise<SessionInfo[]> {
    const rows = await this.sessions.find({
      where: { userId, expiresAt: MoreThan(new Date()) },
      order: { lastSeenAt: 'DESC' },
    });
    return rows.map((row) => ({
      handle: row.idHash,
      userAgent: row.userAgent,
      ip: row.ip,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
    }));
  }

  async destroyForUser(userId: number, handle: string): Promise<boolean> {
    if (!isSessionHandle(handle)) return false;
    const result = await this.sessions.delete({ idHash: handle, userId });
    return (result.affected ?? 0) > 0;
  }

  async deleteForUser(userId: number, exceptSessionId?: string): Promise<void> {
    await this.sessions.delete(
      exceptSessionId === undefined ? { userId } : { userId, idHash: Not(sha256Hex(exceptSessionId)) },
    );
  }
}
