import type { Request, Response } from 'express';
import { SESSION_TTL_MS } from './session-store.js';

export const SESSION_COOKIE = 'sid';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** The session id from the cookie, if it has the shape of one we issue. */
export function readSessionCookie(req: Request): string | undefined {
  const value: unknown = req.cookies?.[SESSION_COOKIE];
  return typeof value === 'string' && SESSION_ID.test(value) ? value : undefined;
}

export function writeSessionCookie(req: Request, res: Response, sessionId: string): void {
  res.cookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: SESSION_TTL_MS,
  });
}
