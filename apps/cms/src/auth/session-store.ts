/**
 * Server-side sessions of logged-in users. The cookie carries a random id; stores keep only
 * its SHA-256 and map it to a user id until it expires. Anonymous visitors have no entry.
 */
export abstract class SessionStore {
  /** Starts a session for the user and returns the new cookie value. */
  abstract create(userId: number, ttlMs: number): Promise<string>;
  /** The user id of a live session, or null when unknown or expired. */
  abstract find(sessionId: string): Promise<number | null>;
  abstract destroy(sessionId: string): Promise<void>;
}

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
