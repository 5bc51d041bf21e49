import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { safeEqual } from './secure-tokens.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_FIELD = '_csrf';

function submittedToken(req: Request): string | undefined {
  const body: unknown = req.body;
  const fromBody =
    body && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
  const candidates = [fromBody, req.query[CSRF_FIELD], req.get('x-csrf-token')];
  return candidates.find((value): value is string => typeof value === 'string');
}

/**
 * Synchronizer token check on every state-changing page request. The token is an HMAC of the
 * session id (set by the session middleware) and travels as the `_csrf` form field, or in the
 * form action's query string for multipart forms (whose body is parsed after guards run).
 * /api is exempt: it authenticates by bearer token, never by cookie.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method) || req.path.startsWith('/api/')) return true;
    const submitted = submittedToken(req);
    if (!req.csrfToken || !submitted || !safeEqual(submitted, req.csrfToken)) {
      throw new ForbiddenException(
        'This form has expired or came from another site. Reload the page and try again.',
      );
    }
    return true;
  }
}
