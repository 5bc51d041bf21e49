const V1_HASH = /^[0-9a-f]{40}$/;
const V2_HASH = /^[0-9a-f]{64}$/;
/** Multihash prefix for SHA-256 with a 32-byte digest (BEP 52 `urn:btmh:`). */
const SHA256_MULTIHASH_PREFIX = '1220';

export interface MagnetInput {
  infoHashHex: string;
  infoHashV2Hex: string | null;
  name: string;
  /** Include a tracker only for the owner's own view: a URL with a passkey is a credential. */
  announceUrl?: string;
}

/**
 * A magnet link (BEP 9; BEP 52 `btmh` for hybrids) carrying the v1 hash, the v2 hash when
 * there is one, the display name and optionally one tracker.
 */
export function magnetUri({ infoHashHex, infoHashV2Hex, name, announceUrl }: MagnetInput): string {
  if (!V1_HASH.test(infoHashHex)) throw new TypeError('infoHashHex must be 40 lowercase hex digits');
  if (infoHashV2Hex !== null && !V2_HASH.test(infoHashV2Hex)) {
    throw new TypeError('infoHashV2Hex must be 64 lowercase hex digits or null');
  }
  const parts = [`xt=urn:btih:${infoHashHex}`];
  if (infoHashV2Hex !== null) parts.push(`xt=urn:btmh:${SHA256_MULTIHASH_PREFIX}${infoHashV2Hex}`);
  parts.push(`dn=${encodeURIComponent(name)}`);
  if (announceUrl !== undefined) parts.push(`tr=${encodeURIComponent(announceUrl)}`);
  return `magnet:?${parts.join('&')}`;
}
