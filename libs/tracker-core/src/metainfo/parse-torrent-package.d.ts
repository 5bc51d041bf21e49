// The `parse-torrent` package (v11, ESM) ships no type declarations; tests use it as a second opinion.
declare module 'parse-torrent' {
  const parseTorrent: (torrent: Uint8Array) => Promise<{ infoHash: string; name: string; length: number }>;
  export default parseTorrent;
}
