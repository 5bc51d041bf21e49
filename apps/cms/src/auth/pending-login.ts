import { hmacToken, safeEqual } from '../security/secure-tokens.js';

/** How long the second login step may take after the password was right. */
export const PENDING_LOGIN_TTL_MS = 5 * 60_000;
const SHAPE = /^(\d{1,10})\.(\d{13})\.([A-Za-z0-9_-]{43})$/;

function mac(secret: string, userId: number, expiresAt: number, browserSessionId: string): string {
  return hmacToken(secret, `pending-login:${userId}:${expiresAt}:${browserSessionId}`);
}

/**
 * The proof, between the two login steps, that this browser gave the right password: the user
 * id and an expiry, signed with SESSION_SECRET and bound to the browser's session cookie (so
 * it cannot be used from another browser). It is not a session: it grants nothing but the
 * second step, whose code guesses are throttled like passwords.
 */
export function signPendingLogin(
  secret: string,
  userId: number,
  browserSessionId: string,
  now = Date.now(),
): string {
  const expiresAt = now + PENDING_LOGIN_TTL_MS;
  return `${userId}.${expiresAt}.${mac(secret, userId, expiresAt, browserSessionId)}`;
}

/** The user id of a valid, unexpired pending login from this browser, else null. */
export function readPendingLogin(
  secret: string,
  token: string,
  browserSessionId: string,
  now = Date.now(),
): number | null {
  const match = SHAPE.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  const expiresAt = Number(match[2]);
  if (expiresAt <= now || expiresAt > now + PENDING_LOGIN_TTL_MS) return null;
  return safeEqual(match[3] ?? '', mac(secret, userId, expiresAt, browserSessionId)) ? userId : null;
}
