import type { SessionClient } from '@tracker/core';

// The site's session policy; the store port itself (SessionStore) is in tracker-core.

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
/** Last-seen is written at most this often per session, not on every request. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;
export const SESSION_USER_AGENT_MAX = 200;

/** What a request tells of its client: the header is user input, so it is cut and cleaned. */
export function sessionClient(userAgent: string | undefined, ip: string | undefined): SessionClient {
  const cleaned = (userAgent ?? '').replace(/\p{Cc}/gu, ' ').trim();
  return { userAgent: cleaned.slice(0, SESSION_USER_AGENT_MAX), ip: (ip ?? '').slice(0, 45) };
}
