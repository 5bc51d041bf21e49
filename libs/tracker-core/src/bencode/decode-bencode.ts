import bencode from 'bencode';
import { resolveBencodeLimits, type BencodeLimits } from './bencode-limits.js';
import type { BencodeValue } from './bencode-value.js';
import { scanBencode } from './scan-bencode.js';

/**
 * Decodes untrusted bencode. The input is first scanned against the limits (size, depth, item
 * count, canonical form, safe integers); only input that passes reaches the `bencode` package,
 * whose recursive decoder would otherwise overflow on deep nesting and accept malformed data.
 * Throws BencodeError on anything unacceptable.
 */
export function decodeBencode(bytes: Uint8Array, limits?: Partial<BencodeLimits>): BencodeValue {
  scanBencode(bytes, resolveBencodeLimits(limits));
  return bencode.decode(bytes) as BencodeValue;
}
