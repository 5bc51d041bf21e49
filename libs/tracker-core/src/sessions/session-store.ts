import { createHash, randomBytes } from 'node:crypto';

/** The device and address a session was opened from, as the member later sees them. */
export interface SessionClient {
  /** The User-Agent header, already cut and cleaned by the site's edge. */
  readonly userAgent: string;
  readonly ip: string;
}

/** A live session as the request pipeline needs it. */
export interface LiveSession {
  readonly userId: number;
  readonly lastSeenAt: Date;
}

/** One of a member's sessions, for /account/sessions. */
export interface SessionInfo extends SessionClient {
  /**
   * The SHA-256 hex of the cookie value, which the stores keep anyway: it names the session
   * in the "end this session" form and cannot be replayed as a cookie.
   */
  readonly handle: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
}

/**
 * The session store port: server-side sessions of logged-in users. The cookie carries a
 * random id (`newSessionId`); stores keep only its SHA-256 (`sessionHandle`) and map it to a
 * user id, with the device, address and times, until it expires. Anonymous visitors have no
 * entry. Adapters: Redis (tracker-redis), the site's database table, and `MemorySessionStore`.
 *
 * Contract (every adapter passes `runSessionStoreContract` from `@tracker/core/testing`):
 * - `lookup` finds a session until its TTL ends or it is destroyed; an unknown or expired id,
 *   and any value that is not a live cookie, reads as null.
 * - `touch` records the last use and address, never brings back an ended session and never
 *   extends its lifetime.
 * - `listForUser` lists only that user's live sessions, most recently seen first.
 * - `destroyForUser` ends a session only when it is that user's (false otherwise, or when the
 *   handle is malformed); `deleteForUser` ends all of a user's sessions but the one spared.
 * - A session that expired or was ended is gone from the list too.
 */
export abstract class SessionStore {
  /** Starts a session for the user and returns the new cookie value. */
  abstract create(userId: number, ttlMs: number, client?: SessionClient): Promise<string>;
  /** The live session behind a cookie value, or null when unknown or expired. */
  abstract lookup(sessionId: string): Promise<LiveSession | null>;
  /** Records that the session was used just now, from this address. */
  abstract touch(sessionId: string, ip: string, now: Date): Promise<void>;
  abstract destroy(sessionId: string): Promise<void>;
  /** The user's live sessions, most recently seen first. */
  abstract listForUser(userId: number): Promise<SessionInfo[]>;
  /** Ends the session with this handle if it is the user's; false when it is not (or gone). */
  abstract destroyForUser(userId: number, handle: string): Promise<boolean>;
  /** Ends every session of the user, except the one with this cookie value if given. */
  abstract deleteForUser(userId: number, exceptSessionId?: string): Promise<void>;

  /** The user id of a live session, or null when unknown or expired. */
  async find(sessionId: string): Promise<number | null> {
    return (await this.lookup(sessionId))?.userId ?? null;
  }

  /** Releases what the store holds open (a connection); the owner calls it at shutdown. */
  async close(): Promise<void> {
    return undefined;
  }
}

export const NO_SESSION_CLIENT: SessionClient = Object.freeze({ userAgent: '', ip: '' });
const HANDLE = /^[0-9a-f]{64}$/;

/** A new cookie value: 256 random bits, URL-safe. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** What a store keeps of a cookie value: its SHA-256 hex. */
export function sessionHandle(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

export function isSessionHandle(value: string): boolean {
  return HANDLE.test(value);
}
