import type { Response } from 'express';
import { DomainError, STATUS_BY_KIND } from '../errors/domain-error.js';

/** Renders a page with the layout; `title` feeds the <title> element. */
export function renderPage(res: Response, view: string, locals: Record<string, unknown>, status = 200): void {
  res.status(status).render(view, locals);
}

/**
 * Re-renders a form with the error's message when it is client-safe, else rethrows so the
 * exception filter logs it and shows the generic error page.
 */
export function renderFormError(
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  err: unknown,
): void {
  if (!(err instanceof DomainError)) throw err;
  renderPage(res, view, { ...locals, error: err.message }, STATUS_BY_KIND[err.kind]);
}

/** Only same-site paths: blocks open redirects such as //evil.example or /\evil.example. */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || /^\/[/\\]/.test(value) || value.length > 500) {
    return '/';
  }
  return value;
}

export function formString(body: unknown, field: string): string {
  if (!body || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : '';
}
