import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { LoginRequiredException } from '../http/login-required.exception.js';
import { SettingsService } from '../settings/settings.service.js';

/**
 * `open`: anyone; `catalogue`: members, and guests when the admin setting guestCatalogue is on;
 * `members`: a signed-in member (the route's own guards may ask for more).
 */
export type GuestAccess = 'open' | 'catalogue' | 'members';

/**
 * What a guest of a private tracker may open: the ways in (sign-in with its second step,
 * sign-up, password reset, the mailed links, first-run setup), the rules, and the machine
 * endpoints that carry their own keys (/api: token, /rss: RSS key, /metrics: METRICS_TOKEN).
 * Static assets are served before routing and never reach this gate.
 */
const OPEN: readonly RegExp[] = [
  /^\/login(\/2fa)?$/,
  /^\/logout$/,
  /^\/register$/,
  /^\/password\/(forgot|reset\/[^/]+)$/,
  /^\/email\/(confirm|confirm\/[^/]+|change\/[^/]+)$/,
  /^\/setup\/[^/]+$/,
  /^\/rules$/,
  /^\/(healthz|metrics)$/,
  /^\/rss(\/.*)?$/,
  /^\/api\//,
];

/** Read-only catalogue pages; downloads and comments are never in it. */
const CATALOGUE: readonly RegExp[] = [
  /^\/$/,
  /^\/browse$/,
  /^\/categories\/[^/]+$/,
  /^\/releases\/[^/]+$/,
  /^\/releases\/[^/]+\/poster$/,
];

const READS = new Set(['GET', 'HEAD']);

/**
 * The allow-list, by exact path: anything it does not name (another case, a trailing slash, a
 * new route) needs a member, so a route added later is closed until someone opens it here.
 */
export function guestAccess(method: string, path: string): GuestAccess {
  if (OPEN.some((pattern) => pattern.test(path))) return 'open';
  if (READS.has(method) && CATALOGUE.some((pattern) => pattern.test(path))) return 'catalogue';
  return 'members';
}

/**
 * One gate, applied globally (APP_GUARD): a guest gets only what guestAccess allows. Pages
 * then redirect to /login?next=<the page> (the exception filter); route guards still run after it.
 */
@Injectable()
export class GuestGate implements CanActivate {
  constructor(private readonly settings: SettingsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (req.user) return true;
    const access = guestAccess(req.method, req.path);
    if (access === 'open') return true;
    if (access === 'catalogue' && (await this.settings.get()).guestCatalogue) return true;
    throw new LoginRequiredException();
  }
}
