import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LoginRequiredException } from './login-required.exception.js';
import { DomainError, STATUS_BY_KIND } from '../errors/domain-error.js';
import { frameworkText, HTTP_TEXT } from './messages.js';

interface Answer {
  status: number;
  message: string;
}

/** Texts Nest writes itself when a guard says no without saying why. */
const NEST_DEFAULT_TEXTS = new Set(['Forbidden resource', 'Forbidden', 'Unauthorized']);

/**
 * A route parameter that no row can have (ParseIntPipe's "Validation failed", Express's
 * "Failed to decode param" for a broken %-escape) names nothing: 404, as for an unknown path.
 */
const UNNAMEABLE = /^(Validation failed|Failed to decode param)/;

function messageOf(err: HttpException): string {
  const body = err.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : err.message;
}

/**
 * Our guards throw 401 and 403 with texts written for people (the CSRF refusal, the role or the
 * token needed): those are kept. Every other framework refusal gets the site's text for its status.
 */
function httpAnswer(err: HttpException): Answer {
  const status = err.getStatus();
  const message = messageOf(err);
  if (status === 400 && UNNAMEABLE.test(message)) return { status: 404, message: HTTP_TEXT.notFound };
  if ((status === 401 || status === 403) && !NEST_DEFAULT_TEXTS.has(message)) return { status, message };
  return { status, message: frameworkText(status) };
}

/** Errors of Express's own parsers (http-errors: `expose` and a 4xx `status`). */
function clientStatusOf(err: unknown): number | null {
  if (!(err instanceof Error)) return null;
  const { status, expose } = err as Error & { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/** Client-safe errors keep their message; everything else is logged and answered generically. */
function answerFor(err: unknown, logger: Logger): Answer {
  if (err instanceof DomainError) return { status: STATUS_BY_KIND[err.kind], message: err.message };
  if (err instanceof HttpException && err.getStatus() < 500) return httpAnswer(err);
  const clientStatus = clientStatusOf(err);
  if (clientStatus !== null) return { status: clientStatus, message: frameworkText(clientStatus) };
  logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  return { status: 500, message: HTTP_TEXT.generic };
}

/**
 * People get a readable error page in the layout; /api clients get JSON `{ message }`.
 * A visitor who needs to log in is redirected to /login?next=<the page they asked for>.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('cms');

  /** `siteName`: for the layout when a request failed before the middleware that sets it ran. */
  constructor(private readonly siteName: string) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return void res.end();
    const isApi = req.path.startsWith('/api/');
    if (err instanceof LoginRequiredException) {
      if (isApi) return void res.status(401).json({ message: HTTP_TEXT.apiLoginRequired });
      const next = req.method === 'GET' ? req.originalUrl : '/';
      return res.redirect(303, `/login?next=${encodeURIComponent(next)}`);
    }
    const { status, message } = answerFor(err, this.logger);
    if (isApi) return void res.status(status).json({ message });
    res.locals['siteName'] ??= this.siteName;
    const title = `${HTTP_TEXT.errorTitle} ${status}`;
    res.status(status).render('pages/error', { title, status, message }, (renderErr, html) => {
      if (renderErr) {
        this.logger.error(`error page failed to render: ${renderErr.message}`);
        return void res.type('text/plain').send(message);
      }
      res.send(html);
    });
  }
}
