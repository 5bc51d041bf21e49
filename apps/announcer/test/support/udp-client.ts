import dgram, { type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import {
  decodeUdpResponse,
  encodeUdpAnnounceRequest,
  encodeUdpConnectRequest,
  encodeUdpScrapeRequest,
  type UdpAnnounceFields,
  type UdpResponse,
} from '@tracker/core';

/**
 * A BEP 15 client on its own socket (so its own source port), for tests: sends datagrams to
 * one tracker address and reads back whatever arrives, or notes that nothing did.
 */
export class UdpTestClient {
  private readonly arrived: Buffer[] = [];
  private waiter: (() => void) | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly host: string,
    private port: number,
  ) {
    socket.on('message', (datagram) => {
      this.arrived.push(datagram);
      this.waiter?.();
    });
  }

  /** `host` is 127.0.0.1 or ::1: the client socket's family follows it. */
  static async open(host: string, port: number): Promise<UdpTestClient> {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve) => socket.bind(0, host, resolve));
    return new UdpTestClient(socket, host, port);
  }

  get ipBytes(): 4 | 16 {
    return this.host.includes(':') ? 16 : 4;
  }

  /** This client's source port, as the tracker sees it. */
  get localPort(): number {
    return this.socket.address().port;
  }

  /** Sends from now on to another tracker port, from the same socket (same source port). */
  aim(port: number): void {
    this.port = port;
  }

  send(datagram: Buffer): void {
    this.socket.send(datagram, this.port, this.host);
  }

  /** The next datagram to arrive within `timeoutMs`, or undefined. */
  async next(timeoutMs = 1000): Promise<Buffer | undefined> {
    if (this.arrived.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.arrived.shift();
  }

  /** Sends and decodes the answer; throws when none arrives. */
  async ask(datagram: Buffer): Promise<UdpResponse> {
    this.send(datagram);
    const answer = await this.next();
    if (answer === undefined) throw new Error('the tracker did not answer');
    return decodeUdpResponse(answer, this.ipBytes);
  }

  async connect(): Promise<Buffer> {
    const answer = await this.ask(encodeUdpConnectRequest(randomBytes(4)));
    if (answer.action !== 'connect') throw new Error(`expected a connect answer, got ${answer.action}`);
    return answer.connectionId;
  }

  announce(
    connectionId: Buffer,
    fields: Partial<UdpAnnounceFields> & { infoHash: Buffer },
  ): Promise<UdpResponse> {
    return this.ask(announceDatagram(connectionId, fields));
  }

  scrape(connectionId: Buffer, infoHashes: readonly Buffer[]): Promise<UdpResponse> {
    return this.ask(encodeUdpScrapeRequest(connectionId, randomBytes(4), infoHashes));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** An announce with test defaults: a started leecher wanting the default number of peers. */
export function announceDatagram(
  connectionId: Buffer,
  fields: Partial<UdpAnnounceFields> & { infoHash: Buffer },
): Buffer {
  return encodeUdpAnnounceRequest({
    connectionId,
    transactionId: randomBytes(4),
    peerId: Buffer.alloc(20, 1),
    downloaded: 0n,
    left: 100n,
    uploaded: 0n,
    event: 'started',
    key: Buffer.from('abcd'),
    numWant: -1,
    port: 6881,
    ...fields,
  });
}
