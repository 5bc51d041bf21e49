import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` header carries `Bearer <expected>` (RFC 6750; scheme in any case).
 * Compared as SHA-256 digests in constant time, so neither the token's length nor a matching
 * prefix shows in the answer time. Used for the operators' endpoints (/metrics).
 */
export function bearerTokenMatches(authorization: string | undefined, expected: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * What is wrong with a configured bearer token, or undefined when it will do: guessable tokens
 * defeat the point, and a bearer token is one word. Both apps check METRICS_TOKEN with it.
 */
export function bearerTokenProblem(token: string): string | undefined {
  if (token.length < 16 || /\s/.test(token)) return 'must be at least 16 characters, without spaces';
  return undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
