import type { CookieOptions, Request, Response } from 'express';
import { SESSION_TTL_MS } from './session-policy.js';

/**
 * Over HTTPS (directly, or through a TRUST_PROXY proxy's X-Forwarded-Proto) the cookie is
 * `__Host-sid`: browsers keep a `__Host-` cookie only when it is Secure, has Path=/ and no
 * Domain, so it can be neither sent in clear nor planted by a sibling subdomain or a plain-HTTP
 * page. Over plain HTTP (the embedded demo on http://localhost) it stays `sid`, which a
 * browser would otherwise drop for lacking Secure.
 */
export const SECURE_SESSION_COOKIE = '__Host-sid';
export const SESSION_COOKIE = 'sid';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** The cookie name for this request's scheme: only that one is read, written or cleared. */
export function sessionCookieName(req: Request): string {
  return req.secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' };
}

/** The session id from the cookie, if it has the shape of one we issue. */
export function readSessionCookie(req: Request): string | undefined {
  const value: unknown = req.cookies?.[sessionCookieName(req)];
  return typeof value === 'string' && SESSION_ID.test(value) ? value : undefined;
}

export function writeSessionCookie(req: Request, res: Response, sessionId: string): void {
  res.cookie(sessionCookieName(req), sessionId, { ...cookieOptions(req), maxAge: SESSION_TTL_MS });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(sessionCookieName(req), cookieOptions(req));
}
