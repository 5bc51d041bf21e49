import { invalid } from '../errors/domain-error.js';

/**
 * The admin's "UDP tracker URL": empty (off) or `udp://host:port`, a trailing `/announce`
 * allowed and dropped; the download adds `/announce?passkey=…` (BEP 41 URL data) as it does to
 * the HTTP base. Returns the normalised base, or '' when off.
 */
export function checkUdpTrackerUrl(value: unknown): string {
  const raw = typeof value === 'string' ? value.trim() : '';
  if (raw === '') return '';
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  const plain =
    url &&
    !url.search &&
    !url.hash &&
    !url.username &&
    !url.password &&
    /^(\/|\/announce)?$/.test(url.pathname);
  if (!url || url.protocol !== 'udp:' || url.hostname === '' || url.port === '' || !plain || /\s/.test(raw)) {
    throw invalid(
      'UDP tracker URL must be empty (off) or udp://host:port, e.g. udp://tracker.example.org:3002',
    );
  }
  return `udp://${url.host}`;
}
