import { routeRequest } from '../http/route-request.js';

/**
 * The passkey in BEP 41 URL data (the path and query of the tracker URL the client was given),
 * read as the HTTP side reads a request target: `/announce?passkey=K`, `/K/announce` or
 * `/announce/K`. Undefined when there is none, or the URL is not an announce URL; null when
 * it is ambiguous. Unvalidated: `requirePasskey` judges it, as on HTTP.
 */
export function passkeyFromUrlData(urlData: string | undefined): string | null | undefined {
  if (urlData === undefined) return undefined;
  const route = routeRequest(urlData);
  return route.kind === 'announce' ? route.passkey : undefined;
}
