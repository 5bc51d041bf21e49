export type DomainErrorKind =
  'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'too-large' | 'too-many';

/**
 * An error whose message is safe to show the person (or API client) who caused it. Services
 * throw these; the exception filter maps the kind to an HTTP status, and form controllers
 * catch them to re-render the form with the message. Anything else is an internal fault.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string): DomainError => new DomainError('invalid', message);
export const conflict = (message: string): DomainError => new DomainError('conflict', message);
export const notFound = (message: string): DomainError => new DomainError('not-found', message);
export const forbidden = (message: string): DomainError => new DomainError('forbidden', message);

export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'too-many': 429,
};
