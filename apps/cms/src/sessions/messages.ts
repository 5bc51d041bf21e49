/** Every human string of the sessions page (one place, for the later translation). */
export const SESSIONS_TEXT = {
  title: 'Your sessions',
  unknownBrowser: 'Unknown browser',
  unknownSystem: 'an unknown system',
  on: 'on',
  notFound: 'That session has already ended.',
  notices: {
    ended: 'The session was ended.',
    'others-ended': 'Every other session was ended.',
  } as Record<string, string>,
} as const;

/** "Firefox on Linux", with words for what the User-Agent did not tell. */
export function deviceName(parts: { browser?: string; system?: string }): string {
  return `${parts.browser ?? SESSIONS_TEXT.unknownBrowser} ${SESSIONS_TEXT.on} ${parts.system ?? SESSIONS_TEXT.unknownSystem}`;
}
