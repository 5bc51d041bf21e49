// node tools/bench/site/sql-capture-proxy.js <listen port> <mysql host:port> <out file>
// A TCP proxy between the CMS and MySQL that writes the text of every statement the CMS runs,
// one JSON string per line: each COM_QUERY, and each COM_STMT_EXECUTE of a prepared statement
// with its parameters written into the text as literals (so explain.js can run it). Used once,
// before the measurement, to learn which SQL the hot pages run without the SUPER privilege the
// general log needs. Not in the measured path.
import { appendFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';

const [portArg, target, outFile] = process.argv.slice(2);
if (!portArg || !target || !outFile) {
  console.error('usage: sql-capture-proxy.js <listen port> <mysql host:port> <out file>');
  process.exit(2);
}
const [targetHost, targetPort] = target.split(':');
const COM_QUERY = 0x03;
const COM_STMT_PREPARE = 0x16;
const COM_STMT_EXECUTE = 0x17;
// The parameter types mysql2 sends (lib/packets/encode_parameter.js).
const TYPE = {
  TINY: 0x01,
  DOUBLE: 0x05,
  NULL: 0x06,
  DATETIME: 0x0c,
  JSON: 0xf5,
  BLOB: 0xfc,
  VAR_STRING: 0xfd,
};
writeFileSync(outFile, '');

/**
 * Splits a byte stream into MySQL packets (3-byte little-endian length, 1-byte sequence id,
 * payload) and hands each to `onPacket(seq, payload)`.
 */
function packetReader(onPacket) {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const length = pending.readUIntLE(0, 3);
      if (pending.length < 4 + length) break;
      onPacket(pending[3], pending.subarray(4, 4 + length));
      pending = pending.subarray(4 + length);
    }
  };
}

/** A length-encoded integer at `at`: [value, bytes used]. */
function lengthEncoded(buf, at) {
  const first = buf[at];
  if (first < 0xfb) return [first, 1];
  if (first === 0xfc) return [buf.readUInt16LE(at + 1), 3];
  if (first === 0xfd) return [buf.readUIntLE(at + 1, 3), 4];
  return [Number(buf.readBigUInt64LE(at + 1)), 9];
}

/**
 * A parameter as SQL text. The CMS sends integers as strings (MySQL 8 refuses a DOUBLE for
 * LIMIT), and `LIMIT '25'` is no valid SQL: a string of digits is written as a number.
 */
function literal(value) {
  if (value === null) return 'NULL';
  if (typeof value === 'number' || /^-?\d{1,15}$/.test(value)) return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The parameter values of a COM_STMT_EXECUTE payload for a statement with `count` parameters. */
function executeParams(payload, count) {
  let at = 1 + 4 + 1 + 4; // command, statement id, flags, iteration count
  const nullBitmap = payload.subarray(at, at + ((count + 7) >> 3));
  at += nullBitmap.length + 1; // new-params-bound flag
  const types = [];
  for (let i = 0; i < count; i++) types.push(payload[at + 2 * i]);
  at += 2 * count;
  return types.map((type, i) => {
    if (nullBitmap[i >> 3] & (1 << (i & 7)) || type === TYPE.NULL) return null;
    if (type === TYPE.DOUBLE) return ((at += 8), payload.readDoubleLE(at - 8));
    if (type === TYPE.TINY) return ((at += 1), payload.readInt8(at - 1));
    if (type === TYPE.VAR_STRING || type === TYPE.BLOB || type === TYPE.JSON) {
      const [length, used] = lengthEncoded(payload, at);
      at += used + length;
      return payload.subarray(at - length, at).toString('utf8');
    }
    if (type === TYPE.DATETIME) {
      const length = payload[at];
      at += 1 + length;
      return `(datetime parameter)`;
    }
    throw new Error(`unexpected parameter type 0x${type.toString(16)}`);
  });
}

/** The statement with each `?` outside quotes replaced by its value as a literal. */
function inline(sql, values) {
  let i = 0;
  let quote = null;
  let out = '';
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? literal(values[i++]) : ch;
  }
  return out;
}

const record = (sql) => appendFileSync(outFile, `${JSON.stringify(sql)}\n`);

const server = net.createServer((client) => {
  const upstream = net.connect(Number(targetPort), targetHost);
  // mysql2 sends one command at a time on a connection: the server's first packet after a
  // COM_STMT_PREPARE is its answer (statement id and parameter count, or an error).
  let preparing = null;
  const statements = new Map();
  const fromClient = packetReader((seq, payload) => {
    // The handshake response has sequence 1, so it is never mistaken for a command.
    if (seq !== 0) return;
    if (payload[0] === COM_QUERY) record(payload.subarray(1).toString('utf8'));
    if (payload[0] === COM_STMT_PREPARE) preparing = payload.subarray(1).toString('utf8');
    if (payload[0] === COM_STMT_EXECUTE) {
      const statement = statements.get(payload.readUInt32LE(1));
      if (statement) record(inline(statement.sql, executeParams(payload, statement.params)));
    }
  });
  const fromServer = packetReader((seq, payload) => {
    if (preparing === null || seq !== 1) return;
    if (payload[0] === 0x00 && payload.length >= 12) {
      statements.set(payload.readUInt32LE(1), { sql: preparing, params: payload.readUInt16LE(7) });
    }
    preparing = null;
  });
  client.on('data', (chunk) => {
    fromClient(chunk);
    upstream.write(chunk);
  });
  upstream.on('data', (chunk) => {
    fromServer(chunk);
    client.write(chunk);
  });
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
