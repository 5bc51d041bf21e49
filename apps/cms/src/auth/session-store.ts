import { sha256Hex } from '../security/secure-tokens.js';

/** The device and address a session was opened from, as the member later sees them. */
export interface SessionClient {
  /** The User-Agent header, cut to SESSION_USER_AGENT_MAX characters. */
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
 * Server-side sessions of logged-in users. The cookie carries a random id; stores keep only
 * its SHA-256 and map it to a user id (with the device, address and times) until it expires.
 * Anonymous visitors have no entry. Every store also finds a user's sessions, so that a
 * password change or reset can end all of them but the current one, and a member can end any.
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
}

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
/** Last-seen is written at most this often per session, not on every request. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;
export const SESSION_USER_AGENT_MAX = 200;
export const NO_SESSION_CLIENT: SessionClient = Object.freeze({ userAgent: '', ip: '' });
const HANDLE = /^[0-9a-f]{64}$/;

export function sessionHandle(sessionId: string): string {
  return sha256Hex(sessionId);
}

export function isSessionHandle(value: string): boolean {
  return HANDLE.test(value);
}

/** What a request tells of its client: the header is user input, so it is cut and cleaned. */
export function sessionClient(userAgent: string | undefined, ip: string | undefined): SessionClient {
  const cleaned = (userAgent ?? '').replace(/\p{Cc}/gu, ' ').trim();
  return { userAgent: cleaned.slice(0, SESSION_USER_AGENT_MAX), ip: (ip ?? '').slice(0, 45) };
}
