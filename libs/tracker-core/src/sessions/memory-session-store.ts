import {
  isSessionHandle,
  type LiveSession,
  newSessionId,
  NO_SESSION_CLIENT,
  type SessionClient,
  sessionHandle,
  type SessionInfo,
  SessionStore,
} from './session-store.js';

interface StoredSession extends SessionInfo {
  readonly userId: number;
  readonly expiresAt: number;
}

/**
 * Sessions in this process's memory: the in-memory adapter of the port, for unit tests and
 * tools (the site keeps its sessions in the database or Redis, which outlive a restart).
 * Expired sessions are swept at each `create`, so memory follows the live sessions.
 */
export class MemorySessionStore extends SessionStore {
  private readonly sessions = new Map<string, StoredSession>();

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  async create(userId: number, ttlMs: number, client: SessionClient = NO_SESSION_CLIENT): Promise<string> {
    this.sweep();
    const sessionId = newSessionId();
    const now = new Date(this.now());
    this.sessions.set(sessionHandle(sessionId), {
      handle: sessionHandle(sessionId),
      userId,
      userAgent: client.userAgent,
      ip: client.ip,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now.getTime() + ttlMs,
    });
    return sessionId;
  }

  async lookup(sessionId: string): Promise<LiveSession | null> {
    const stored = this.live(sessionHandle(sessionId));
    return stored ? { userId: stored.userId, lastSeenAt: stored.lastSeenAt } : null;
  }

  async touch(sessionId: string, ip: string, now: Date): Promise<void> {
    const stored = this.live(sessionHandle(sessionId));
    if (stored) this.sessions.set(stored.handle, { ...stored, ip, lastSeenAt: now });
  }

  async destroy(sessionId: string): Promise<void> {
    this.sessions.delete(sessionHandle(sessionId));
  }

  async listForUser(userId: number): Promise<SessionInfo[]> {
    return this.liveOf(userId)
      .map(({ handle, userAgent, ip, createdAt, lastSeenAt }) => ({
        handle,
        userAgent,
        ip,
        createdAt,
        lastSeenAt,
      }))
      .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  }

  async destroyForUser(userId: number, handle: string): Promise<boolean> {
    if (!isSessionHandle(handle) || this.live(handle)?.userId !== userId) return false;
    return this.sessions.delete(handle);
  }

  async deleteForUser(userId: number, exceptSessionId?: string): Promise<void> {
    const keep = exceptSessionId === undefined ? undefined : sessionHandle(exceptSessionId);
    for (const session of this.liveOf(userId))
      if (session.handle !== keep) this.sessions.delete(session.handle);
  }

  private live(handle: string): StoredSession | null {
    const stored = this.sessions.get(handle);
    return stored && stored.expiresAt > this.now() ? stored : null;
  }

  private liveOf(userId: number): StoredSession[] {
    const now = this.now();
    return [...this.sessions.values()].filter((s) => s.userId === userId && s.expiresAt > now);
  }

  private sweep(): void {
    const now = this.now();
    for (const [handle, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(handle);
  }
}
