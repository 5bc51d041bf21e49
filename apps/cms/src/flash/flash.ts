import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import { type Flash, type FlashKind, FLASH_TTL_MS, openFlash, sealFlash } from './flash-seal.js';

export type { Flash, FlashKind } from './flash-seal.js';

/** `__Host-` over HTTPS, as for the session cookie: Secure, Path=/, and no sibling can plant it. */
function cookieName(req: Request): string {
  return req.secure ? '__Host-flash' : 'flash';
}

function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' };
}

/** Where no page is rendered: a flash read there would be lost unseen. */
const NOT_PAGES = /^\/(api|rss|healthz|metrics|static)(\/|$)|^\/releases\/[^/]+\/(poster|download)$/;

const writers = new WeakMap<Response, (flash: Flash) => void>();

/**
 * The message a save, publish, delete or refusal leaves for the next page: a short-lived signed
 * cookie, read once by the next page request (and cleared there), rendered by the layout
 * (`flash` in res.locals), escaped like any other value. Installed before the routes.
 */
export function flashMiddleware(secret: string): RequestHandler {
  return (req, res, next) => {
    writers.set(res, (flash) =>
      res.cookie(cookieName(req), sealFlash(secret, flash), { ...cookieOptions(req), maxAge: FLASH_TTL_MS }),
    );
    const sealed: unknown = req.cookies?.[cookieName(req)];
    const isPageRead = (req.method === 'GET' || req.method === 'HEAD') && !NOT_PAGES.test(req.path);
    if (sealed !== undefined && isPageRead) {
      res.clearCookie(cookieName(req), cookieOptions(req));
      const flash = openFlash(secret, sealed);
      if (flash) res.locals['flash'] = flash;
    }
    next();
  };
}

/** Leaves `text` for the next page this browser opens. */
export function setFlash(res: Response, kind: FlashKind, text: string): void {
  const write = writers.get(res);
  // A programming error (a route outside the app's middleware), never a visitor's.
  if (!write) throw new Error('flashMiddleware is not installed');
  write({ kind, text });
}

/** The usual answer to a form: 303 to the next page, which shows the message once. */
export function redirectWithFlash(res: Response, path: string, kind: FlashKind, text: string): void {
  setFlash(res, kind, text);
  res.redirect(303, path);
}
