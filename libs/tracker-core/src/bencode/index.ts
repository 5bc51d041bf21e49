export { BencodeError } from './bencode-error.js';
export { DEFAULT_BENCODE_LIMITS, HARD_MAX_DEPTH, type BencodeLimits } from './bencode-limits.js';
export type { BencodeDict, BencodeInput, BencodeValue } from './bencode-value.js';
export { decodeBencode } from './decode-bencode.js';
export { encodeBencode } from './encode-bencode.js';
export { buildRawDict, rawDictEntries, type RawDictEntry } from './raw-dict.js';
export { scanBencode, type DictEntrySpan, type ScanResult, type Span } from './scan-bencode.js';
