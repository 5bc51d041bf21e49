// node tools/bench/site/sql-capture-proxy.js <listen port> <mysql host:port> <out file>
// A TCP proxy between the CMS and MySQL that writes the text of every COM_QUERY the CMS sends,
// one JSON string per line. Used once, before the measurement, to learn which SQL the hot pages
// run without the SUPER privilege the general log needs. Not in the measured path.
import { appendFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';

const [portArg, target, outFile] = process.argv.slice(2);
if (!portArg || !target || !outFile) {
  console.error('usage: sql-capture-proxy.js <listen port> <mysql host:port> <out file>');
  process.exit(2);
}
const [targetHost, targetPort] = target.split(':');
const COM_QUERY = 0x03;
writeFileSync(outFile, '');

/**
 * Splits the client's byte stream into MySQL packets (3-byte little-endian length, 1-byte
 * sequence id, payload) and records command packets (sequence 0) that are queries. The
 * handshake response has sequence 1, so it is never mistaken for a command.
 */
function packetReader(onQuery) {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const length = pending.readUIntLE(0, 3);
      if (pending.length < 4 + length) break;
      const seq = pending[3];
      const payload = pending.subarray(4, 4 + length);
      if (seq === 0 && payload[0] === COM_QUERY) onQuery(payload.subarray(1).toString('utf8'));
      pending = pending.subarray(4 + length);
    }
  };
}

const server = net.createServer((client) => {
  const upstream = net.connect(Number(targetPort), targetHost);
  const read = packetReader((sql) => appendFileSync(outFile, `${JSON.stringify(sql)}\n`));
  client.on('data', (chunk) => {
    read(chunk);
    upstream.write(chunk);
  });
  upstream.pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);
});
server.listen(Number(portArg), '127.0.0.1');
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop).on('SIGINT', stop);
