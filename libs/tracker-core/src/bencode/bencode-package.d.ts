// The `bencode` package (v4, ESM) ships no type declarations; this is the part we use.
declare module 'bencode' {
  const bencode: {
    decode(data: Uint8Array): unknown;
    encode(data: unknown): Uint8Array;
  };
  export default bencode;
}
