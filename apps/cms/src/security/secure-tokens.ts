import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 lower-case hex characters (128 random bits): passkeys and RSS keys. */
export function randomHexKey(): string {
  return randomBytes(16).toString('hex');
}

/** A URL-safe random secret for cookies, API tokens and invite codes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function hmacToken(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
