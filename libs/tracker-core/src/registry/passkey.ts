const PASSKEY = /^[0-9a-fA-F]{32}$/;

export function isPasskey(value: string): boolean {
  return PASSKEY.test(value);
}

export function assertPasskey(value: string): void {
  if (!isPasskey(value)) throw new Error('passkey must be 32 hexadecimal characters');
}
