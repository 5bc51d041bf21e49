/**
 * What outgoing mail takes from the environment. Without SMTP_URL (the embedded default)
 * messages are written as .eml files under DATA_DIR/mail instead of being sent, so password
 * resets and confirmations work in a demo with no mail server.
 */
export interface MailConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; undefined: files. */
  readonly smtpUrl: string | undefined;
  /** The From of every message: `noreply@example.org` or `Site <noreply@example.org>`. */
  readonly from: string;
  /** The site's public base URL, without trailing slash: links in mail start with it. */
  readonly siteUrl: string;
}

export const DEFAULT_MAIL_CONFIG: MailConfig = Object.freeze({
  smtpUrl: undefined,
  from: 'noreply@localhost',
  siteUrl: 'http://localhost:3000',
});

type Env = Record<string, string | undefined>;

/** Thrown with one line naming the variable; cms-config wraps it into its ConfigError. */
export class MailConfigError extends Error {
  override readonly name = 'MailConfigError';
}

/** A bare address, or a display name (no quotes, brackets or line breaks) with one in <>. */
const FROM = /^(?:[^<>"\r\n]*<([^\s@<>"]+@[^\s@<>"]+)>|([^\s@<>"]+@[^\s@<>"]+))$/;

function parsedUrl(key: string, value: string, protocols: string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new MailConfigError(`${key} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new MailConfigError(`${key} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return parsed;
}

function siteUrl(env: Env, port: number): string {
  const raw = env['SITE_URL']?.trim() || `http://localhost:${port}`;
  const parsed = parsedUrl('SITE_URL', raw, ['http:', 'https:']);
  if (parsed.search || parsed.hash)
    throw new MailConfigError('SITE_URL must have no query string or fragment');
  return raw.replace(/\/+$/, '');
}

function smtpUrl(env: Env): string | undefined {
  const raw = env['SMTP_URL']?.trim();
  if (!raw) return undefined;
  const parsed = parsedUrl('SMTP_URL', raw, ['smtp:', 'smtps:']);
  if (!parsed.hostname) throw new MailConfigError('SMTP_URL must name a host');
  return raw;
}

function from(env: Env, site: string): string {
  const raw = env['MAIL_FROM']?.trim();
  if (!raw) return `noreply@${new URL(site).hostname}`;
  if (!FROM.test(raw)) {
    throw new MailConfigError(
      `MAIL_FROM must be an address or "Name <address>" (got "${raw.replace(/[\r\n]/g, ' ')}")`,
    );
  }
  return raw;
}

/** Pure: SMTP_URL, MAIL_FROM and SITE_URL (default http://localhost:<CMS_PORT>). */
export function parseMailConfig(env: Env, cmsPort: number): MailConfig {
  const site = siteUrl(env, cmsPort);
  return Object.freeze({ smtpUrl: smtpUrl(env), from: from(env, site), siteUrl: site });
}
