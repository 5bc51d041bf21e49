import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/** RFC 6238 as every authenticator app does it: SHA-1, 6 digits, 30 s. */
const PERIOD_SECONDS = 30;
/** One step either side: a phone clock 30 s off, or a code typed as it rolled over, still works. */
const TOLERANCE_SECONDS = PERIOD_SECONDS;
const CODE = /^\d{6}$/;

/** A new 160-bit secret in base32, as authenticator apps take it. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI the QR code carries: `<issuer>:<account>` with the issuer repeated. */
export function totpUri(issuer: string, account: string, secret: string): string {
  return generateURI({ issuer, label: account, secret });
}

/** The URI as a PNG data URL, rendered here: the page needs no script (the CSP allows data: images). */
export function qrCodeDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/** Digits only: people paste "123 456" or "123-456". */
export function normalizeTotpCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/**
 * The RFC 6238 time step a code matched, or null. Codes at or before `afterTimeStep` (the
 * last one accepted) are refused, so an observed code cannot be replayed.
 */
export async function verifyTotp(
  secret: string,
  input: string,
  afterTimeStep: number | null,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<number | null> {
  const token = normalizeTotpCode(input);
  if (!CODE.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epoch: nowSeconds,
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  });
  // The union also covers HOTP results, which have no time step.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
