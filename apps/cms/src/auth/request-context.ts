import type { User } from '../users/user.entity.js';

/**
 * What the session middleware and the API token guard attach to each request.
 * `user` is the logged-in (or token-owning), non-disabled account.
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: User;
      /** The session cookie value (never logged); absent on /api requests. */
      sessionId?: string;
      /** The CSRF token bound to this session. */
      csrfToken?: string;
    }
  }
}

export {};
