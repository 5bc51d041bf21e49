// node --test tools/bench/announce/
// The load generator (tools/bench/loadgen) built and run for half a second at a time against
// small servers in this process, which record what it sends: the request model, the modes,
// the failure counting and the loopback-only rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchHashes } from './bench-hashes.js';
import { parseSummary } from './summary.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TORRENTS = 10;
const PPT = 3;
const ANNOUNCE_OK = 'd8:completei1e10:incompletei1e8:intervali1800e5:peers0:e';
let bin, dir, hashesFile, passkeysFile;
const hashes = benchHashes(TORRENTS);
const passkeys = ['key0', 'key1', 'key2', 'key3'];

before(() => {
  bin = execFileSync(path.join(HERE, '../loadgen/build.sh'), { encoding: 'utf8' }).trim();
  dir = mkdtempSync(path.join(tmpdir(), 'loadgen-test-'));
  hashesFile = path.join(dir, 'hashes.txt');
  passkeysFile = path.join(dir, 'passkeys.txt');
  writeFileSync(hashesFile, hashes.join('\n') + '\n');
  writeFileSync(passkeysFile, passkeys.join('\n') + '\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the generator; resolves { code, stdout, stderr, fields }. */
function loadgen(args) {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code : 0, stdout, stderr, fields: parseSummary(stdout) });
    });
  });
}

const shortRun = ['--secs', '0.5', '--warmup', '0', '--conns', '4', '--hashes', hashesFile];
const model = ['--torrents', String(TORRENTS), '--ppt', String(PPT)];

async function listen(server, host = '127.0.0.1') {
  await new Promise((resolve) => server.listen(0, host, resolve));
  return server.address().port;
}
const close = (server) => new Promise((resolve) => server.close(resolve));
// The generator may reset connections when it stops; that is expected, any other error is not.
const ignoreResets = (socket) =>
  socket.on('error', (err) => assert.ok(['ECONNRESET', 'EPIPE'].includes(err.code)));

/** An HTTP server that records each request (URL, headers, socket) and answers `body`. */
async function httpServer(body = ANNOUNCE_OK, write = (res, b) => res.end(b)) {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers, socket: req.socket });
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    write(res, body);
  });
  return { server, seen, port: await listen(server) };
}

/** The query of a request as raw bytes per key (info_hash and peer_id are binary). */
function query(url) {
  const out = {};
  for (const pair of url.slice(url.indexOf('?') + 1).split('&')) {
    const [k, v = ''] = pair.split('=');
    const bytes = Buffer.from(
      v.replace(/%([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
    (out[k] ??= []).push(bytes);
  }
  return out;
}
const text = (q, k) => q[k]?.[0].toString('latin1');

test('refuses any target that is not loopback, with one line, before it sends anything', async () => {
  for (const url of ['http://10.0.0.1:80/announce', 'http://[::2]:80/announce', 'udp://example.com:6969']) {
    const r = await loadgen([...shortRun, url]);
    assert.equal(r.code, 2, url);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^loadgen: refusing .*: only loopback targets.*\n$/, url);
  }
});

test('refuses to model more torrents than the hash list holds', async () => {
  const r = await loadgen([...shortRun, '--torrents', String(TORRENTS + 1), 'http://127.0.0.1:9/announce']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--torrents 11, but .* holds 10 info_hashes/);
});

test('HTTP announces follow the request model: slot s is torrent s mod T, port 1025 + s div T, passkey s mod count', async () => {
  const { server, seen, port } = await httpServer();
  const r = await loadgen([
    ...shortRun,
    ...model,
    '--passkeys',
    passkeysFile,
    `http://127.0.0.1:${port}/announce?passkey={passkey}`,
  ]);
  await close(server);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.fields.reqs > 100, `only ${r.fields.reqs} requests`);
  assert.equal(r.fields.err_read + r.fields.err_write + r.fields.err_connect + r.fields.failure_reason, 0);
  for (const { url } of seen) {
    const q = query(url);
    const torrent = hashes.indexOf(q.info_hash[0].toString('hex'));
    const slot = (Number(text(q, 'port')) - 1025) * TORRENTS + torrent;
    assert.ok(torrent >= 0 && slot >= 0 && slot < TORRENTS * PPT, url);
    assert.equal(text(q, 'passkey'), passkeys[slot % passkeys.length]);
    assert.equal(q.peer_id[0].length, 20);
    assert.equal(q.peer_id[0].readUInt32BE(16), slot, 'the peer_id ends with the slot number');
    assert.equal(text(q, 'numwant'), '50');
    assert.equal(text(q, 'compact'), '1');
  }
});

test('the measured phase mixes events; a prefill announces every slot once with started', async () => {
  const { server, seen, port } = await httpServer();
  const prefill = await loadgen([...shortRun, ...model, '--prefill', `http://127.0.0.1:${port}/announce`]);
  const events = seen.map(({ url }) => text(query(url), 'event'));
  const slots = new Set(
    seen.map(({ url }) => `${text(query(url), 'port')}/${query(url).info_hash[0].toString('hex')}`),
  );
  assert.equal(prefill.fields.reqs, TORRENTS * PPT);
  assert.match(prefill.fields.mode, /\+prefill$/);
  assert.deepEqual(new Set(events), new Set(['started']));
  assert.equal(slots.size, TORRENTS * PPT);
  assert.ok(
    seen.some(({ url }) => text(query(url), 'left') === '0'),
    'some slots are seeders',
  );

  seen.length = 0;
  const measured = await loadgen([...shortRun, ...model, '--secs', '1', `http://127.0.0.1:${port}/announce`]);
  await close(server);
  const f = measured.fields;
  assert.equal(f.ev_started + f.ev_none + f.ev_completed + f.ev_stopped, seen.length);
  assert.ok(f.ev_none > 0.9 * seen.length, 'most announces carry no event');
  assert.ok(f.ev_stopped > 0 && f.ev_started > 0, 'stopped slots come back with started');
});

test('keep-alive reuses connections; --close sends Connection: close on a new one each time', async () => {
  const { server, seen, port } = await httpServer();
  const kept = await loadgen([...shortRun, ...model, `http://127.0.0.1:${port}/announce`]);
  assert.equal(new Set(seen.map((s) => s.socket)).size, 4);
  assert.equal(kept.fields.conns_opened, 4);
  seen.length = 0;
  const closed = await loadgen([...shortRun, ...model, '--close', `http://127.0.0.1:${port}/announce`]);
  await close(server);
  assert.equal(closed.fields.keepalive, 0);
  assert.ok(seen.every((s) => s.headers.connection === 'close'));
  assert.equal(new Set(seen.map((s) => s.socket)).size, seen.length);
  assert.equal(closed.fields.err_read + closed.fields.err_write, 0);
});

test('a server that closes after every answer without saying so costs no errors (opentracker does)', async () => {
  const body = ANNOUNCE_OK;
  const server = net.createServer((socket) => {
    socket.once('data', () => socket.end(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
    ignoreResets(socket);
  });
  const port = await listen(server);
  const r = await loadgen([...shortRun, ...model, `http://127.0.0.1:${port}/announce`]);
  await close(server);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.fields.reqs > 100);
  assert.equal(r.fields.keepalive, 1);
  assert.equal(r.fields.err_read + r.fields.err_write + r.fields.err_connect + r.fields.bad_body, 0);
});

test('chunked answers are read to their last chunk', async () => {
  const write = (res, b) => {
    res.write(b.slice(0, 10));
    res.end(b.slice(10));
  };
  const { server, port } = await httpServer(ANNOUNCE_OK, write);
  const r = await loadgen([...shortRun, ...model, `http://127.0.0.1:${port}/announce`]);
  await close(server);
  assert.ok(r.fields.reqs > 100);
  assert.equal(r.fields.bad_body + r.fields.err_read, 0);
});

test('failure reasons, bodies without interval and non-2xx answers are counted; no good answer exits 1', async () => {
  for (const [body, field] of [
    ['d14:failure reason7:unknowne', 'failure_reason'],
    ['d5:peers0:e', 'bad_body'],
  ]) {
    const { server, port } = await httpServer(body);
    const r = await loadgen([...shortRun, ...model, `http://127.0.0.1:${port}/announce`]);
    await close(server);
    assert.equal(r.code, 1, field);
    assert.equal(r.fields[field], r.fields.reqs);
  }
  const server = http.createServer((req, res) => res.writeHead(404).end());
  const port = await listen(server);
  const r = await loadgen([...shortRun, ...model, `http://127.0.0.1:${port}/announce`]);
  await close(server);
  assert.equal(r.fields.non2xx, r.fields.reqs);
});

test('a server that never answers gives timeouts, not a hang', async () => {
  const server = net.createServer(ignoreResets);
  const port = await listen(server);
  const r = await loadgen([
    ...shortRun,
    ...model,
    '--secs',
    '1',
    '--timeout-ms',
    '200',
    `http://127.0.0.1:${port}/announce`,
  ]);
  server.close();
  assert.equal(r.code, 1);
  assert.equal(r.fields.reqs, 0);
  assert.ok(r.fields.err_timeout >= 4, `err_timeout=${r.fields.err_timeout}`);
});

test('scrape mode asks the /scrape path for --scrape-n listed info_hashes', async () => {
  const { server, seen, port } = await httpServer('d5:filesdee');
  const r = await loadgen([
    ...shortRun,
    ...model,
    '--mode',
    'scrape',
    '--scrape-n',
    '5',
    '--passkeys',
    passkeysFile,
    `http://127.0.0.1:${port}/{passkey}/announce`,
  ]);
  await close(server);
  assert.equal(r.code, 0, r.stderr);
  for (const { url } of seen) {
    assert.match(url, /^\/key[0-3]\/scrape\?/);
    const q = query(url);
    assert.equal(q.info_hash.length, 5);
    assert.ok(q.info_hash.every((h) => hashes.includes(h.toString('hex'))));
  }
});

test('HTTP over ::1 works', async () => {
  const server = http.createServer((req, res) => res.end(ANNOUNCE_OK));
  const port = await listen(server, '::1');
  const r = await loadgen([...shortRun, ...model, `http://[::1]:${port}/announce`]);
  await close(server);
  assert.equal(r.fields.family, 'ipv6');
  assert.ok(r.fields.reqs > 100);
});

/** A BEP 15 tracker that records announces and drops the first one it gets (to force a resend). */
async function udpTracker() {
  const socket = dgram.createSocket('udp4');
  const seen = { connects: 0, announces: [], scrapes: [], dropped: 0 };
  const ID = Buffer.from('0123456789abcdef', 'hex');
  socket.on('message', (msg, from) => {
    const action = msg.length >= 16 ? msg.readUInt32BE(8) : -1;
    const tx = msg.subarray(12, 16);
    const reply = (...parts) => socket.send(Buffer.concat(parts), from.port, from.address);
    const be32 = (...n) =>
      Buffer.concat(n.map((v) => Buffer.from([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255])));
    if (action === 0 && msg.readBigUInt64BE(0) === 0x41727101980n) {
      seen.connects++;
      return reply(be32(0), tx, ID);
    }
    if (!msg.subarray(0, 8).equals(ID)) return reply(be32(3), tx, Buffer.from('bad connection id'));
    if (action === 1) {
      if (seen.dropped++ === 0) return;
      seen.announces.push(msg);
      return reply(be32(1), tx, be32(1800, 1, 1), Buffer.from([127, 0, 0, 1, 0x1a, 0xe1]));
    }
    if (action === 2) {
      const n = (msg.length - 16) / 20;
      seen.scrapes.push(msg);
      return reply(be32(2), tx, ...Array.from({ length: n }, () => be32(1, 2, 3)));
    }
  });
  return {
    socket,
    seen,
    port: await listen({ listen: (p, h, cb) => socket.bind(p, h, cb), address: () => socket.address() }),
  };
}

test('UDP announces: connect first, the BEP 15 fields, BEP 41 URL data with the passkey, resend on loss', async () => {
  const { socket, seen, port } = await udpTracker();
  const r = await loadgen([
    ...shortRun,
    ...model,
    '--retry-ms',
    '50',
    '--passkeys',
    passkeysFile,
    `udp://127.0.0.1:${port}/announce?passkey={passkey}`,
  ]);
  socket.close();
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.fields.proto, 'udp');
  assert.ok(r.fields.reqs > 100);
  assert.equal(r.fields.err_timeout + r.fields.failure_reason + r.fields.bad_body, 0);
  assert.equal(seen.connects, 4, 'one connection_id per request slot');
  assert.ok(r.fields.udp_resends >= 1, 'the dropped announce was sent again');
  for (const msg of seen.announces) {
    const torrent = hashes.indexOf(msg.subarray(16, 36).toString('hex'));
    const slot = (msg.readUInt16BE(96) - 1025) * TORRENTS + torrent;
    assert.ok(torrent >= 0 && slot < TORRENTS * PPT);
    assert.equal(msg.subarray(36, 56).readUInt32BE(16), slot);
    assert.ok([0, 1, 2, 3].includes(msg.readUInt32BE(80)), 'event');
    assert.equal(msg.readInt32BE(92), 50, 'num_want');
    // BEP 41: option 2 (URLData), its length, the path and query
    const url = `/announce?passkey=${passkeys[slot % passkeys.length]}`;
    assert.deepEqual(msg.subarray(98), Buffer.concat([Buffer.from([2, url.length]), Buffer.from(url)]));
  }
});

test('UDP scrapes carry --scrape-n info_hashes and check the answer length', async () => {
  const { socket, seen, port } = await udpTracker();
  const r = await loadgen([
    ...shortRun,
    ...model,
    '--mode',
    'scrape',
    '--scrape-n',
    '3',
    `udp://127.0.0.1:${port}`,
  ]);
  socket.close();
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.fields.reqs > 100);
  assert.equal(r.fields.bad_body, 0);
  assert.ok(
    seen.scrapes.every((m) => m.length === 16 + 60 && hashes.includes(m.subarray(16, 36).toString('hex'))),
  );
});

test('a UDP port nobody listens on gives errors and exit 1, not a hang', async () => {
  const probe = dgram.createSocket('udp4');
  await new Promise((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  probe.close();
  const r = await loadgen([
    ...shortRun,
    ...model,
    '--timeout-ms',
    '200',
    '--retry-ms',
    '50',
    `udp://127.0.0.1:${port}`,
  ]);
  assert.equal(r.code, 1);
  assert.equal(r.fields.reqs, 0);
  assert.ok(r.fields.err_connect + r.fields.err_timeout > 0);
});
