import { UDP_ACTION, UDP_HEADER_BYTES, UDP_PROTOCOL_ID } from './udp-wire.js';

/** A connect request: the only datagram answered before the sender proved its address. */
export interface UdpConnectHeader {
  readonly kind: 'connect';
  /** 4 bytes, echoed in the answer (a view into the datagram). */
  readonly transactionId: Buffer;
}

/** Any other request: valid only with a connection id the tracker handed out. */
export interface UdpRequestHeader {
  readonly kind: 'request';
  /** 8 bytes (a view into the datagram). */
  readonly connectionId: Buffer;
  /** The action number as sent: 1 announce, 2 scrape, anything else unknown. */
  readonly action: number;
  readonly transactionId: Buffer;
}

/**
 * The first 16 bytes of a datagram, without judging the rest. Undefined for what deserves no
 * answer at all: shorter than a header, or a connect (action 0) without the protocol id.
 * Never throws, allocates nothing but the views: it runs for every datagram, garbage included.
 */
export function readUdpHeader(datagram: Buffer): UdpConnectHeader | UdpRequestHeader | undefined {
  if (datagram.length < UDP_HEADER_BYTES) return undefined;
  const action = datagram.readUInt32BE(8);
  const transactionId = datagram.subarray(12, 16);
  if (action === UDP_ACTION.connect) {
    if (datagram.readBigUInt64BE(0) !== UDP_PROTOCOL_ID) return undefined;
    return { kind: 'connect', transactionId };
  }
  return { kind: 'request', connectionId: datagram.subarray(0, 8), action, transactionId };
}
