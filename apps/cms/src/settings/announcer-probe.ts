import { Injectable } from '@nestjs/common';

export type AnnouncerHealth = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const TIMEOUT_MS = 2000;

/**
 * Asks the announcer at the announce base whether it answers: GET <base>/healthz, 200 within
 * 2 s. From the site's side: an announcer reachable only from outside (another network, a
 * hairpin NAT) reads as down here although clients may reach it.
 */
@Injectable()
export class AnnouncerProbe {
  async check(announceBaseUrl: string, timeoutMs = TIMEOUT_MS): Promise<AnnouncerHealth> {
    try {
      const res = await fetch(`${announceBaseUrl}/healthz`, {
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      await res.body?.cancel();
      return res.status === 200 ? { ok: true } : { ok: false, reason: `it answered HTTP ${res.status}` };
    } catch (err) {
      return { ok: false, reason: describeFailure(err, timeoutMs) };
    }
  }
}

/** The `name` or `code` of an error-like value (fetch's errors may come from another realm). */
function field(value: unknown, key: 'name' | 'code' | 'cause'): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** One short, safe phrase: the admin sees it on the settings page. */
function describeFailure(err: unknown, timeoutMs: number): string {
  const name = field(err, 'name');
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = field(field(err, 'cause'), 'code');
  return typeof code === 'string' ? `it could not be reached (${code})` : 'it could not be reached';
}
