// Passkeys are credentials: anything that may carry one (URLs, error messages) is masked
// before it reaches a log line. 32 hex characters anywhere keep only their first four.
const PASSKEY_LIKE = /([0-9a-fA-F]{4})[0-9a-fA-F]{28}(?![0-9a-fA-F])/g;

export function maskPasskeys(text: string): string {
  return text.replace(PASSKEY_LIKE, '$1…');
}
