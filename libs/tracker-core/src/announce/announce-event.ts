import type { AnnounceEvent } from '../swarm/swarm-store.js';

/**
 * The `event` query value to our event. Absent and empty both mean a regular re-announce;
 * `paused` is BEP 21's "upload only" notice. Unknown names return undefined (a client
 * error): guessing would corrupt the completed counter or the swarm.
 */
export function parseAnnounceEvent(value: string): AnnounceEvent | undefined {
  switch (value) {
    case '':
      return 'none';
    case 'started':
    case 'completed':
    case 'stopped':
    case 'paused':
      return value;
    default:
      return undefined;
  }
}

/** Events are always accepted; only plain re-announces are subject to the minimum interval. */
export function isPlainAnnounce(event: AnnounceEvent): boolean {
  return event === 'none';
}
