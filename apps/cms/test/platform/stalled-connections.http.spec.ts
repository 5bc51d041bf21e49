import { afterEach, expect, it } from '@jest/globals';
import http from 'node:http';
import { connect, type Socket } from 'node:net';
import { describeEachDatabase, registerAndLogin, useTestApp } from '../support/index.js';

const PER_IP = 20;
const IN_ALL = 60;
const HEADERS_MS = 1_500;
const BODY_MS = 1_500;

interface Stalled {
  socket: Socket;
  /** Milliseconds from connect to close, once closed. */
  closedAfter: number | null;
}

/** A connection from `from` that sends half a request line and then nothing. */
function stall(baseUrl: string, from: string): Promise<Stalled> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress: from });
    const stalled: Stalled = { socket, closedAfter: null };
    const started = performance.now();
    socket.on('error', () => undefined);
    // Reading is what lets this side see the server's FIN (after a 408) as a close.
    socket.resume();
    socket.on('close', () => (stalled.closedAfter = performance.now() - started));
    socket.once('connect', () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      resolve(stalled);
    });
    socket.once('close', () => resolve(stalled));
  });
}

/** GET from another loopback address, as a different client would; the answer's status and time. */
function getFrom(
  baseUrl: string,
  from: string,
  path: string,
  cookie = '',
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${baseUrl}${path}`,
      { localAddress: from, agent: false, headers: cookie ? { cookie } : {} },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error(`${path} from ${from}: no answer in 5 s`)));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDatabase('stalled connections', (database) => {
  const t = useTestApp({
    database,
    env: {
      CMS_MAX_CONNECTIONS_PER_IP: String(PER_IP),
      CMS_MAX_CONNECTIONS: String(IN_ALL),
      CMS_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
      CMS_BODY_TIMEOUT_MS: String(BODY_MS),
    },
  });
  const open: Socket[] = [];

  afterEach(async () => {
    for (const socket of open.splice(0)) socket.destroy();
    await sleep(100);
  });

  async function stallMany(from: string, count: number): Promise<Stalled[]> {
    const stalled = await Promise.all(Array.from({ length: count }, () => stall(t.baseUrl, from)));
    open.push(...stalled.map((s) => s.socket));
    return stalled;
  }

  it('closes connections over the per-address cap at once, while others get /healthz and member pages', async () => {
    const member = t.client();
    await registerAndLogin(member);
    const cookie = `sid=${member.cookie('sid') ?? ''}`;
    const stalled = await stallMany('127.0.0.1', 200);
    await sleep(300);
    const refused = stalled.filter((s) => s.closedAfter !== null).length;
    expect(refused).toBeGreaterThanOrEqual(200 - PER_IP);
    const health = await getFrom(t.baseUrl, '127.0.0.2', '/healthz');
    const account = await getFrom(t.baseUrl, '127.0.0.2', '/account', cookie);
    expect(health.status).toBe(200);
    expect(account.status).toBe(200);
    expect(Math.max(health.ms, account.ms)).toBeLessThan(1_000);
  }, 20_000);

  it('closes a connection that never finishes its headers after the headers timeout', async () => {
    const stalled = await stallMany('127.0.0.3', PER_IP);
    await sleep(HEADERS_MS + 2_000);
    for (const s of stalled) {
      expect(s.closedAfter).not.toBeNull();
      expect(s.closedAfter).toBeGreaterThanOrEqual(HEADERS_MS - 100);
    }
  }, 20_000);

  it('caps connections in all: past the cap even a new address is closed on accept', async () => {
    await stallMany('127.0.0.4', PER_IP);
    await stallMany('127.0.0.5', PER_IP);
    await stallMany('127.0.0.6', IN_ALL - 2 * PER_IP);
    const [late] = await stallMany('127.0.0.7', 1);
    await sleep(300);
    expect(late?.closedAfter).not.toBeNull();
    for (const socket of open.splice(0)) socket.destroy();
    await sleep(200);
    expect((await getFrom(t.baseUrl, '127.0.0.7', '/healthz')).status).toBe(200);
  }, 20_000);

  it('cuts a POST /login whose body trickles in at a byte a second', async () => {
    const { hostname, port } = new URL(t.baseUrl);
    const socket = connect({ host: hostname, port: Number(port), localAddress: '127.0.0.8' });
    open.push(socket);
    socket.on('error', () => undefined);
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    const started = performance.now();
    const closed = new Promise<number>((resolve) =>
      socket.once('close', () => resolve(performance.now() - started)),
    );
    socket.write(
      'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
        'Content-Length: 100\r\n\r\n',
    );
    const trickle = setInterval(() => socket.writable && socket.write('a'), 1_000);
    try {
      const ms = await Promise.race([closed, sleep(BODY_MS + 5_000).then(() => Infinity)]);
      expect(ms).toBeLessThan(BODY_MS + 2_500);
      expect(response).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
    }
  }, 20_000);
});
