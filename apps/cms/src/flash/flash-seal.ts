import { hmacToken, safeEqual } from '../security/secure-tokens.js';

/** `ok`: something was saved, published or deleted; `error`: it was refused. */
export type FlashKind = 'ok' | 'error';

export interface Flash {
  readonly kind: FlashKind;
  readonly text: string;
}

/** Long enough for the redirect to be followed, short enough that a stale one is never shown. */
export const FLASH_TTL_MS = 60_000;
/** Texts are one sentence (a title inside at most); the cookie stays far below 4 KiB. */
export const MAX_FLASH_CHARS = 300;
const SHAPE = /^([A-Za-z0-9_-]{1,3000})\.([A-Za-z0-9_-]{43})$/;

interface Payload {
  k: FlashKind;
  t: string;
  /** Expiry, ms since the epoch. */
  e: number;
}

function mac(secret: string, body: string): string {
  return hmacToken(secret, `flash:${body}`);
}

/**
 * The cookie value: the message and its expiry, signed with SESSION_SECRET, so no other site
 * (nor a sibling subdomain that can plant cookies) can make our pages say something.
 */
export function sealFlash(secret: string, flash: Flash, now = Date.now()): string {
  const text = [...flash.text].slice(0, MAX_FLASH_CHARS).join('');
  const payload: Payload = { k: flash.kind, t: text, e: now + FLASH_TTL_MS };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

function isPayload(value: unknown): value is Payload {
  const p = value as Partial<Payload> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    (p.k === 'ok' || p.k === 'error') &&
    typeof p.t === 'string' &&
    typeof p.e === 'number'
  );
}

/** The message of a cookie we sealed and that has not expired, else null. */
export function openFlash(secret: string, value: unknown, now = Date.now()): Flash | null {
  const match = typeof value === 'string' ? SHAPE.exec(value) : null;
  if (!match?.[1] || !match[2] || !safeEqual(match[2], mac(secret, match[1]))) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!isPayload(payload) || payload.e <= now || payload.e > now + FLASH_TTL_MS) return null;
  return { kind: payload.k, text: payload.t };
}
