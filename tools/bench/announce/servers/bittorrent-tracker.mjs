// webtorrent's bittorrent-tracker as a reference: its Server class, HTTP only, in memory.
// run.sh installs the package into a temporary folder at bench time and copies this file
// beside it, so the import resolves there (it is not a dependency of the repository).
// usage: node bittorrent-tracker.mjs PORT   (listens on 127.0.0.1)
// env: PEERS_CACHE_LENGTH  peers kept per swarm (an LRU; the library's default is 1000,
//      too few for the 50,000-peer scenario)
import Server from 'bittorrent-tracker/server';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('usage: node bittorrent-tracker.mjs PORT');
  process.exit(2);
}
const options = { http: true, udp: false, ws: false, stats: false };
const cache = Number(process.env.PEERS_CACHE_LENGTH);
if (Number.isInteger(cache) && cache > 0) options.peersCacheLength = cache;

const server = new Server(options);
let warnings = 0;
server.on('error', (err) => console.error(`bittorrent-tracker error: ${err.message}`));
// A bad request is a warning; a few show what went wrong, thousands would fill the log.
server.on('warning', (err) => {
  if (warnings++ < 5) console.error(`bittorrent-tracker warning: ${err.message}`);
});
server.listen(port, '127.0.0.1', () =>
  console.error(
    `bittorrent-tracker on 127.0.0.1:${port}, peersCacheLength=${options.peersCacheLength ?? 'default'}`,
  ),
);
const stop = () => {
  console.error(`bittorrent-tracker stopping after ${warnings} warnings`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
