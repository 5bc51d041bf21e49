import { Injectable } from '@nestjs/common';
import { AppConfig, REGISTRATION_MODES, type RegistrationMode } from '../config/cms-config.js';
import { invalid } from '../errors/domain-error.js';
import { SettingsRepository } from './settings.repository.js';
import { checkUdpTrackerUrl } from './udp-tracker-url.js';

export interface SiteSettings {
  siteName: string;
  announceBaseUrl: string;
  registrationMode: RegistrationMode;
  /** A new account cannot log in before it follows the link mailed to its address. */
  requireEmailConfirmation: boolean;
  /** Editors and admins must enrol in two-factor sign-in before they use staff pages. */
  require2faForStaff: boolean;
  /** `udp://host:port` of the UDP tracker, added to downloads as a second tier; '' when off. */
  udpTrackerUrl: string;
  /** Guests may see the front page, lists, release pages and search (never downloads or comments). */
  guestCatalogue: boolean;
}

const KEYS: Array<keyof SiteSettings> = [
  'siteName',
  'announceBaseUrl',
  'registrationMode',
  'requireEmailConfirmation',
  'require2faForStaff',
  'udpTrackerUrl',
  'guestCatalogue',
];

/** A checkbox: present ("on") or a saved "true" is on; absent or anything else is off. */
function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === 'on';
}

/** Pure validation of the admin settings form. */
export function checkSiteSettings(input: Record<string, unknown>): SiteSettings {
  const siteName = typeof input['siteName'] === 'string' ? input['siteName'].trim() : '';
  if (siteName.length < 1 || siteName.length > 80) throw invalid('Site name must be 1 to 80 characters.');
  const announce = typeof input['announceBaseUrl'] === 'string' ? input['announceBaseUrl'].trim() : '';
  let parsed: URL | undefined;
  try {
    parsed = new URL(announce);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.search || parsed.hash) {
    throw invalid(
      'Announce base URL must be an http(s) URL without query string, e.g. https://tracker.example.org',
    );
  }
  const mode = input['registrationMode'];
  if (typeof mode !== 'string' || !(REGISTRATION_MODES as readonly string[]).includes(mode)) {
    throw invalid('Registration mode must be open or invite.');
  }
  return {
    siteName,
    announceBaseUrl: announce.replace(/\/+$/, ''),
    registrationMode: mode as RegistrationMode,
    requireEmailConfirmation: flag(input['requireEmailConfirmation']),
    require2faForStaff: flag(input['require2faForStaff']),
    udpTrackerUrl: checkUdpTrackerUrl(input['udpTrackerUrl']),
    guestCatalogue: flag(input['guestCatalogue']),
  };
}

/**
 * Site settings: the boot config gives the defaults, an admin's saved values override them.
 * Read on every page for the layout, so kept in memory and refreshed on save (one process).
 */
@Injectable()
export class SettingsService {
  private cached: SiteSettings | undefined;

  constructor(
    private readonly settings: SettingsRepository,
    private readonly config: AppConfig,
  ) {}

  async get(): Promise<SiteSettings> {
    if (this.cached) return this.cached;
    const saved = await this.settings.all();
    const defaults = this.defaults();
    const merged = {
      ...defaults,
      ...Object.fromEntries(KEYS.filter((k) => saved.has(k)).map((k) => [k, saved.get(k)])),
    };
    this.cached = checkSiteSettings(merged);
    return this.cached;
  }

  /**
   * Saves only the values that differ from the boot config; a value equal to it is deleted,
   * so it keeps following the config (saving the site name must not freeze today's announce
   * address: the next start with another ANNOUNCER_PORT would hand out broken .torrent files).
   */
  async update(input: Record<string, unknown>): Promise<SiteSettings> {
    const next = checkSiteSettings(input);
    const defaults = this.defaults();
    const changed = KEYS.filter((key) => next[key] !== defaults[key]);
    const same = KEYS.filter((key) => next[key] === defaults[key]);
    if (changed.length) await this.settings.save(changed.map((key) => ({ key, value: String(next[key]) })));
    if (same.length) await this.settings.delete(same);
    this.cached = next;
    return next;
  }

  private defaults(): SiteSettings {
    return {
      siteName: this.config.siteName,
      announceBaseUrl: this.config.announceBaseUrl,
      registrationMode: this.config.registrationMode,
      // On by default only where mail really leaves: without SMTP_URL it goes to files.
      requireEmailConfirmation: this.config.mail.smtpUrl !== undefined,
      require2faForStaff: false,
      udpTrackerUrl: '',
      // A private tracker shows guests nothing but the ways in (docs/adr/0018-members-only.md).
      guestCatalogue: false,
    };
  }
}
