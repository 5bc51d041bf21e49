import type { Redis } from 'ioredis';
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
import type { KeySchema } from '../key-schema.js';

/** The JSON kept under a session key: user, agent, address, created and last seen (ms). */
interface StoredSession {
  u: number;
  a: string;
  i: string;
  c: number;
  s: number;
}

function decode(value: string | null): StoredSession | null {
  if (value === null || !value.startsWith('{')) return null;
  try {
    const parsed = JSON.parse(value) as Partial<StoredSession>;
    const ok =
      Number.isInteger(parsed.u) &&
      typeof parsed.a === 'string' &&
      typeof parsed.i === 'string' &&
      Number.isFinite(parsed.c) &&
      Number.isFinite(parsed.s);
    return ok ? (parsed as StoredSession) : null;
  } catch {
    // A value we cannot read is no session (it cannot have been written by this code).
    return null;
  }
}

/**
 * Sessions in Redis (KEY-SCHEMA.md, "CMS sessions"): the key schema's `session` key (SHA-256
 * of the cookie) holds JSON and expires with a TTL; `userSessions` is a set of one user's
 * cookie hashes, so that their sessions can be listed and ended. The set lives as long as
 * the user's longest session; members whose session key expired are dropped when read.
 * The store owns its connection: `close()` ends it.
 */
export class RedisSessionStore extends SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Pick<KeySchema, 'session' | 'userSessions'>,
  ) {
    super();
  }

  async create(userId: number, ttlMs: number, client: SessionClient = NO_SESSION_CLIENT): Promise<string> {
    const sessionId = newSessionId();
    const hash = sessionHandle(sessionId);
    const now = Date.now();
    const value: StoredSession = { u: userId, a: client.userAgent, i: client.ip, c: now, s: now };
    const userKey = this.keys.userSessions(userId);
    // NX gives a new set its TTL, GT extends it: never shorter than its longest session.
    await this.exec(
      this.redis
        .multi()
        .set(this.keys.session(hash), JSON.stringify(value), 'PX', ttlMs)
        .sadd(userKey, hash)
        .pexpire(userKey, ttlMs, 'NX')
        .pexpire(userKey, ttlMs, 'GT'),
    );
    return sessionId;
  }

  async lookup(sessionId: string): Promise<LiveSession | null> {
    const stored = decode(await this.redis.get(this.keys.session(sessionHandle(sessionId))));
    return stored ? { userId: stored.u, lastSeenAt: new Date(stored.s) } : null;
  }

  async touch(sessionId: string, ip: string, now: Date): Promise<void> {
    const key = this.keys.session(sessionHandle(sessionId));
    const stored = decode(await this.redis.get(key));
    if (!stored) return;
    // XX: a session ended meanwhile stays ended; KEEPTTL: using it does not extend it.
    await this.redis.set(key, JSON.stringify({ ...stored, i: ip, s: now.getTime() }), 'KEEPTTL', 'XX');
  }

  async destroy(sessionId: string): Promise<void> {
    await this.destroyHash(sessionHandle(sessionId));
  }

  async listForUser(userId: number): Promise<SessionInfo[]> {
    const userKey = this.keys.userSessions(userId);
    const hashes = await this.redis.smembers(userKey);
    if (hashes.length === 0) return [];
    const values = await this.redis.mget(...hashes.map((hash) => this.keys.session(hash)));
    const sessions: SessionInfo[] = [];
    const stale: string[] = [];
    hashes.forEach((hash, index) => {
      const stored = decode(values[index] ?? null);
      if (!stored || stored.u !== userId) return void stale.push(hash);
      sessions.push({
        handle: hash,
        userAgent: stored.a,
        ip: stored.i,
        createdAt: new Date(stored.c),
        lastSeenAt: new Date(stored.s),
      });
    });
    if (stale.length > 0) await this.redis.srem(userKey, ...stale);
    return sessions.sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  }

  async destroyForUser(userId: number, handle: string): Promise<boolean> {
    if (!isSessionHandle(handle)) return false;
    const stored = decode(await this.redis.get(this.keys.session(handle)));
    if (!stored || stored.u !== userId) return false;
    await this.destroyHash(handle, userId);
    return true;
  }

  async deleteForUser(userId: number, exceptSessionId?: string): Promise<void> {
    const userKey = this.keys.userSessions(userId);
    const keep = exceptSessionId === undefined ? undefined : sessionHandle(exceptSessionId);
    const doomed = (await this.redis.smembers(userKey)).filter((hash) => hash !== keep);
    if (doomed.length === 0) return;
    await this.exec(
      this.redis
        .multi()
        .del(...doomed.map((hash) => this.keys.session(hash)))
        .srem(userKey, ...doomed),
    );
  }

  override async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async destroyHash(hash: string, knownUserId?: number): Promise<void> {
    const key = this.keys.session(hash);
    const userId = knownUserId ?? decode(await this.redis.get(key))?.u;
    const multi = this.redis.multi().del(key);
    if (userId !== undefined) multi.srem(this.keys.userSessions(userId), hash);
    await this.exec(multi);
  }

  /** Runs a MULTI and throws the first failed command's error (exec() only reports them). */
  private async exec(multi: ReturnType<Redis['multi']>): Promise<void> {
    const replies = await multi.exec();
    const failed = replies?.find(([err]) => err !== null)?.[0];
    if (replies === null || failed) throw failed ?? new Error('the Redis transaction was discarded');
  }
}
