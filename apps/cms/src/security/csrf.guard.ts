import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { safeEqual } from './secure-tokens.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_FIELD = '_csrf';
const CHECKED_AFTER_UPLOAD = 'cms:csrf-checked-after-upload';

const REFUSAL = 'This form has expired or came from another site. Reload the page and try again.';

/**
 * A multipart route whose body is parsed after guards run (the release form): the guard lets
 * it through, and the route calls `checkCsrfToken` on the parsed fields before it changes
 * anything. The token then travels as a hidden field like everywhere else, never in the URL.
 */
export const CsrfCheckedAfterUpload = (): MethodDecorator => SetMetadata(CHECKED_AFTER_UPLOAD, true);

function submittedToken(req: Request, body: unknown): string | undefined {
  const fromBody =
    body && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
  const candidates = [fromBody, req.get('x-csrf-token')];
  return candidates.find((value): value is string => typeof value === 'string');
}

/** Throws the readable 403 unless `body` (or the X-CSRF-Token header) carries this session's token. */
export function checkCsrfToken(req: Request, body: unknown): void {
  const submitted = submittedToken(req, body);
  if (!req.csrfToken || !submitted || !safeEqual(submitted, req.csrfToken)) {
    throw new ForbiddenException(REFUSAL);
  }
}

/**
 * Synchronizer token check on every state-changing page request. The token is an HMAC of the
 * session id (set by the session middleware) and travels as the `_csrf` form field or the
 * X-CSRF-Token header; a query string never counts (a URL is logged, shared, kept in history).
 * /api is exempt: it authenticates by bearer token, never by cookie.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method) || req.path.startsWith('/api/')) return true;
    const afterUpload = this.reflector.get<boolean | undefined>(CHECKED_AFTER_UPLOAD, context.getHandler());
    if (afterUpload && req.is('multipart/form-data')) return true;
    checkCsrfToken(req, req.body);
    return true;
  }
}
