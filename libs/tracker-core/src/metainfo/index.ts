export { magnetUri, type MagnetInput } from './magnet-uri.js';
export { createTorrent, type NewTorrent, type NewTorrentFile } from './create-torrent.js';
export { MetainfoError } from './metainfo-error.js';
export { DEFAULT_METAINFO_LIMITS, type MetainfoLimits } from './metainfo-limits.js';
export { parseTorrentFile } from './parse-torrent-file.js';
export type { ParsedTorrent, RewrittenTorrent, TorrentFile } from './parsed-torrent.js';
export { pathElementProblem } from './path-rules.js';
export { rewriteForSite } from './rewrite-for-site.js';
export { withAnnounceTiers, withAnnounceUrl } from './with-announce-url.js';
