import { createHmac, timingSafeEqual } from 'node:crypto';

/** Connection ids are minted per minute; one minted in window w is accepted through w + 2. */
export const CONNECTION_ID_WINDOW_MS = 60_000;
/**
 * Windows an id is accepted after its own: 2, so at least 2 minutes (BEP 15: clients use an
 * id for up to 1 minute, trackers accept it for at least 2) and at most 3.
 */
const ACCEPTED_LATER_WINDOWS = 2;
/**
 * One window early is accepted too: announcers sharing a secret behind one address may disagree
 * on the clock by up to a minute, and an id minted by a box that is ahead must still pass.
 */
const ACCEPTED_EARLIER_WINDOWS = 1;
const MAC_BYTES = 7;

/**
 * Connection ids that cost no state (BEP 15's defence against spoofed source addresses): 8
 * bytes, the low byte of the minute window they were minted in, then 7 bytes of
 * HMAC-SHA256(secret, window ‖ port ‖ address). A client can only present one it received at
 * that address and port, and checking one is one HMAC, before any swarm or registry work.
 * `secret` is random per process, or shared by a fleet of announcers behind one address
 * (ANNOUNCER_UDP_SECRET) so that each accepts the others' ids.
 */
export class ConnectionIds {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 16) throw new RangeError('a connection id secret needs at least 16 bytes');
  }

  /** The id for a client at `ip` (4 or 16 bytes) and `port`, at `nowMs` (epoch ms). */
  mint(ip: Uint8Array, port: number, nowMs: number): Buffer {
    const window = windowOf(nowMs);
    const id = Buffer.allocUnsafe(8);
    id[0] = window & 0xff;
    this.mac(window, ip, port).copy(id, 1, 0, MAC_BYTES);
    return id;
  }

  /** True when `id` (8 bytes) was minted for this address and port and has not expired. */
  accepts(id: Uint8Array, ip: Uint8Array, port: number, nowMs: number): boolean {
    if (id.length !== 8) return false;
    const current = windowOf(nowMs);
    // The window's age from its low byte: -128..127 windows, wrapping every 256 minutes.
    const age = ((current - id[0] + 128) & 0xff) - 128;
    if (age > ACCEPTED_LATER_WINDOWS || age < -ACCEPTED_EARLIER_WINDOWS) return false;
    const expected = this.mac(current - age, ip, port);
    return timingSafeEqual(expected.subarray(0, MAC_BYTES), id.subarray(1, 8));
  }

  private mac(window: number, ip: Uint8Array, port: number): Buffer {
    // Minutes since 1970 fit 32 bits until the year 10136.
    const head = Buffer.allocUnsafe(6);
    head.writeUInt32BE(window >>> 0, 0);
    head.writeUInt16BE(port, 4);
    return createHmac('sha256', this.secret).update(head).update(ip).digest();
  }
}

function windowOf(nowMs: number): number {
  return Math.floor(nowMs / CONNECTION_ID_WINDOW_MS);
}
