import type { Response } from 'express';
import { DomainError, STATUS_BY_KIND } from '../errors/domain-error.js';
import { renderPage } from '../http/render.js';

/** One message per field name, shown beside that field. */
export type FieldErrors = Record<string, string>;

/** The summary above a form whose fields have errors (each is also shown beside its field). */
export const FORM_HAS_ERRORS = 'Please correct the marked fields.';

/** A form with one or more wrong fields: every error at once, each beside its field. */
export class FormInvalid extends DomainError {
  constructor(
    readonly fields: FieldErrors,
    kind: DomainError['kind'] = 'invalid',
  ) {
    super(kind, FORM_HAS_ERRORS);
  }
}

/** Collects field errors, then throws them all together (or nothing when all is well). */
export class FieldCheck {
  private readonly errors: FieldErrors = {};

  /** Records the first error of a field; later ones for the same field are dropped. */
  fail(field: string, message: string): void {
    this.errors[field] ??= message;
  }

  has(field: string): boolean {
    return field in this.errors;
  }

  throwIfAny(kind: DomainError['kind'] = 'invalid'): void {
    if (Object.keys(this.errors).length > 0) throw new FormInvalid({ ...this.errors }, kind);
  }
}

/**
 * Re-renders a form after a client-safe error: `errors` (per field) and `error` (the summary,
 * or the message of a plain DomainError) go to the view with what was typed (`locals`).
 * A plain DomainError goes beside `field` when one is named. Anything else is rethrown, for
 * the exception filter to log and answer generically.
 */
export function renderFormErrors(
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  err: unknown,
  field?: string,
): void {
  if (!(err instanceof DomainError)) throw err;
  const errors = err instanceof FormInvalid ? err.fields : field ? { [field]: err.message } : {};
  renderPage(res, view, { ...locals, errors, error: err.message }, STATUS_BY_KIND[err.kind]);
}
