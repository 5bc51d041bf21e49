import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { type LiveSession, SessionStore } from '@tracker/core';
import { AppConfig } from '../config/cms-config.js';
import { hmacToken, randomToken } from '../security/secure-tokens.js';
import { ratioOf } from '../users/user-input.js';
import { UsersService } from '../users/users.service.js';
import { readSessionCookie, writeSessionCookie } from './session-cookie.js';
import { SESSION_TOUCH_INTERVAL_MS, sessionClient } from './session-policy.js';

/**
 * Every page request gets a session id cookie (anonymous ones are not stored server-side) and
 * a CSRF token derived from it; a stored session resolves to `req.user` unless disabled.
 * The layout reads `currentUser` and `csrf` from res.locals; the passkey is never put there.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(
    private readonly store: SessionStore,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.path.startsWith('/api/')) return next();
    let sessionId = readSessionCookie(req);
    const minted = !sessionId;
    if (!sessionId) {
      sessionId = randomToken();
      writeSessionCookie(req, res, sessionId);
    }
    req.sessionId = sessionId;
    req.csrfToken = hmacToken(this.config.sessionSecret, `csrf:${sessionId}`);
    res.locals['csrf'] = req.csrfToken;
    // A session id minted just now belongs to no login: nothing to look up.
    const session = minted ? null : await this.store.lookup(sessionId);
    const user = session === null ? null : await this.users.findById(session.userId);
    if (session && user && !user.disabled) {
      await this.touch(sessionId, session, req);
      req.user = user;
      res.locals['currentUser'] = {
        id: user.id,
        username: user.username,
        role: user.role,
        uploaded: user.uploaded,
        downloaded: user.downloaded,
        ratio: ratioOf(user.uploaded, user.downloaded),
        isStaff: user.role === 'editor' || user.role === 'admin',
        isAdmin: user.role === 'admin',
        canUpload: user.role !== 'user',
      };
    }
    next();
  }

  /** Last-seen and address for the sessions page, written at most once a minute per session. */
  private async touch(sessionId: string, session: LiveSession, req: Request): Promise<void> {
    const now = new Date();
    if (now.getTime() - session.lastSeenAt.getTime() < SESSION_TOUCH_INTERVAL_MS) return;
    await this.store.touch(sessionId, sessionClient(undefined, req.ip).ip, now);
  }
}
