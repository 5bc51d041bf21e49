import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Not, type Repository } from 'typeorm';
import {
  isSessionHandle,
  type LiveSession,
  newSessionId,
  NO_SESSION_CLIENT,
  type SessionClient,
  sessionHandle,
  type SessionInfo,
  SessionStore,
} from '@tracker/core';
import { Session } from './session.entity.js';

/**
 * Sessions in the `session` table, used when no REDIS_URL is configured: the site's adapter of
 * tracker-core's SessionStore (TypeORM, so it stays here), held to the same contract.
 */
@Injectable()
export class DbSessionStore extends SessionStore {
  constructor(@InjectRepository(Session) private readonly sessions: Repository<Session>) {
    super();
  }

  async create(userId: number, ttlMs: number, client: SessionClient = NO_SESSION_CLIENT): Promise<string> {
    const sessionId = newSessionId();
    const now = new Date();
    await this.sessions.insert({
      idHash: sessionHandle(sessionId),
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
      where: { idHash: sessionHandle(sessionId) },
      select: { userId: true, expiresAt: true, lastSeenAt: true },
    });
    if (!session || session.expiresAt.getTime() <= Date.now()) return null;
    return { userId: session.userId, lastSeenAt: session.lastSeenAt };
  }

  async touch(sessionId: string, ip: string, now: Date): Promise<void> {
    await this.sessions.update({ idHash: sessionHandle(sessionId) }, { lastSeenAt: now, ip });
  }

  async destroy(sessionId: string): Promise<void> {
    await this.sessions.delete({ idHash: sessionHandle(sessionId) });
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
      exceptSessionId === undefined ? { userId } : { userId, idHash: Not(sessionHandle(exceptSessionId)) },
    );
  }
}
