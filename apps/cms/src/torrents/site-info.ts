/**
 * What the release pipeline needs from the site settings: the name written as the torrents'
 * `source`, the base of the announce URL and, when the admin turned it on, of the UDP tracker's.
 * Bound to the settings service in the module.
 */
export abstract class SiteInfo {
  abstract siteName(): Promise<string>;
  abstract announceBaseUrl(): Promise<string>;
  /** `udp://host:port`, or '' when downloads name no UDP tracker. */
  abstract udpTrackerUrl(): Promise<string>;
}

export function announceUrlFor(baseUrl: string, passkey: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/announce?passkey=${encodeURIComponent(passkey)}`;
}
