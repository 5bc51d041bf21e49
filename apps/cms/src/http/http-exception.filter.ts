import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LoginRequiredException } from './login-required.exception.js';
import { DomainError, STATUS_BY_KIND } from '../errors/domain-error.js';

interface Answer {
  status: number;
  message: string;
}

const GENERIC = 'Something went wrong on our side. Please try again later.';

function messageOf(err: HttpException): string {
  const body = err.getResponse();
  if (err.getStatus() === 404) return 'Not found.';
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : err.message;
}

/** Client-safe errors keep their message; everything else is logged and answered generically. */
function answerFor(err: unknown, logger: Logger): Answer {
  if (err instanceof DomainError) return { status: STATUS_BY_KIND[err.kind], message: err.message };
  if (err instanceof HttpException && err.getStatus() < 500) {
    return { status: err.getStatus(), message: messageOf(err) };
  }
  logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  return { status: 500, message: GENERIC };
}

/**
 * People get a readable error page in the layout; /api clients get JSON `{ message }`.
 * A visitor who needs to log in is redirected to /login?next=<the page they asked for>.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('cms');

  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return void res.end();
    const isApi = req.path.startsWith('/api/');
    if (err instanceof LoginRequiredException) {
      if (isApi) return void res.status(401).json({ message: 'Missing or invalid API token.' });
      const next = req.method === 'GET' ? req.originalUrl : '/';
      return res.redirect(303, `/login?next=${encodeURIComponent(next)}`);
    }
    const { status, message } = answerFor(err, this.logger);
    if (isApi) return void res.status(status).json({ message });
    res
      .status(status)
      .render('pages/error', { title: `Error ${status}`, status, message }, (renderErr, html) => {
        if (renderErr) {
          this.logger.error(`error page failed to render: ${renderErr.message}`);
          return void res.type('text/plain').send(message);
        }
        res.send(html);
      });
  }
}
