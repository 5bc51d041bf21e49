export interface AnnouncerConfig {
  readonly host: string;
  readonly port: number;
}

/** Reads and validates the environment once, at boot. Throws one readable line on bad input. */
export function loadAnnouncerConfig(env: NodeJS.ProcessEnv): AnnouncerConfig {
  return {
    host: env['ANNOUNCER_HOST'] ?? '0.0.0.0',
    port: parsePort('ANNOUNCER_PORT', env['ANNOUNCER_PORT'], 3001),
  };
}

function parsePort(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
}
