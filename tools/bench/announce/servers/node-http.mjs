// The runtime's ceiling: node:http answering every request with one fixed announce body.
// No parsing, no state; what any tracker on Node pays before it does any work.
// usage: node node-http.mjs PORT   (listens on 127.0.0.1)
import http from 'node:http';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('usage: node node-http.mjs PORT');
  process.exit(2);
}
// Three compact peers, 127.0.0.1:6881-6883: the shape of a small real answer.
const peers = Buffer.from([127, 0, 0, 1, 0x1a, 0xe1, 127, 0, 0, 1, 0x1a, 0xe2, 127, 0, 0, 1, 0x1a, 0xe3]);
const body = Buffer.concat([
  Buffer.from(`d8:completei2e10:incompletei1e8:intervali1800e12:min intervali900e5:peers${peers.length}:`),
  peers,
  Buffer.from('e'),
]);
const headers = { 'Content-Type': 'text/plain', 'Content-Length': String(body.length) };

const server = http.createServer((req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () =>
  console.error(`node-http: ${body.length}-byte answers on 127.0.0.1:${port}`),
);
const stop = () => {
  server.close();
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
