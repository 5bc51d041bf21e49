/**
 * What the site's error page says when the framework, not our code, refused a request: its
 * own texts ("Validation failed (numeric string is expected)", "Cannot GET /x", a JSON parser's
 * position) never reach a person. Kept together for the translation to come.
 */
export const HTTP_TEXT = {
  notFound: 'Not found.',
  badRequest: 'This request could not be read. Go back and try again.',
  tooLarge: 'What you sent is too large.',
  timeout: 'The request took too long to arrive. Please try again.',
  methodNotAllowed: 'This address does not take that kind of request.',
  refused: 'This request was refused.',
  generic: 'Something went wrong on our side. Please try again later.',
  apiLoginRequired: 'Missing or invalid API token.',
  errorTitle: 'Error',
} as const;

/** The page's text for a framework refusal by its status. */
export function frameworkText(status: number): string {
  if (status === 404) return HTTP_TEXT.notFound;
  if (status === 405) return HTTP_TEXT.methodNotAllowed;
  if (status === 408) return HTTP_TEXT.timeout;
  if (status === 413) return HTTP_TEXT.tooLarge;
  if (status === 400 || status === 415 || status === 422) return HTTP_TEXT.badRequest;
  return HTTP_TEXT.refused;
}
