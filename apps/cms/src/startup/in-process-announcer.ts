/**
 * The environment of the CMS in the one-process start: unless ANNOUNCE_BASE_URL is set, the
 * .torrent files point at the port the announcer in this process really listens on (the
 * default http://localhost:3001 would break every download when ANNOUNCER_PORT is changed).
 */
export function withInProcessAnnouncer(
  env: Record<string, string | undefined>,
  announcerPort: number,
): Record<string, string | undefined> {
  if (env['ANNOUNCE_BASE_URL']?.trim()) return env;
  return { ...env, ANNOUNCE_BASE_URL: `http://localhost:${announcerPort}` };
}
