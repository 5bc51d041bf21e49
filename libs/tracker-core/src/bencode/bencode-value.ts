/**
 * A decoded bencode value. Byte strings stay bytes (Uint8Array): info hashes, peer ids and
 * `pieces` are binary, and only the caller knows which strings are text.
 */
export type BencodeValue = number | Uint8Array | BencodeValue[] | BencodeDict;

/**
 * A decoded dictionary. Keys are the UTF-8 text of the key bytes; a key that is not valid UTF-8
 * (allowed only outside canonical mode, e.g. scrape `files` keyed by raw info hashes) is given
 * as lowercase hex, which is how the underlying `bencode` package names it.
 */
export interface BencodeDict {
  [key: string]: BencodeValue;
}

/** What `encodeBencode` accepts: decoded values, plus strings (written as UTF-8). */
export type BencodeInput =
  | number
  | string
  | Uint8Array
  | readonly BencodeInput[]
  | { readonly [key: string]: BencodeInput | undefined };
