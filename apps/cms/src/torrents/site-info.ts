/**
 * What the release pipeline needs from the site settings: the name written as the torrents'
 * `source` and the base of the announce URL. Bound to the settings service in the module.
 */
export abstract class SiteInfo {
  abstract siteName(): Promise<string>;
  abstract announceBaseUrl(): Promise<string>;
}

export function announceUrlFor(baseUrl: string, passkey: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/announce?passkey=${encodeURIComponent(passkey)}`;
}
