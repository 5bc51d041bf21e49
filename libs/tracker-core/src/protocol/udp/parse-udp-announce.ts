import { ClientError } from '../../errors/client-error.js';
import { resolveNumWant } from '../../announce/announce-policy.js';
import type { AnnounceEvent } from '../../swarm/swarm-store.js';
import type { AnnounceParseOptions, AnnounceRequest } from '../http/announce-request.js';
import { invalidParam } from '../http/query-params.js';
import { readUrlData } from './bep41-options.js';
import { UDP_ANNOUNCE_REQUEST_BYTES, UDP_EVENTS } from './udp-wire.js';

export interface UdpAnnounce {
  /** The same typed request the HTTP parser gives, so both frontends share the announce path. */
  readonly request: AnnounceRequest;
  /** BEP 41 URL data (path and query of the tracker URL), undefined when none was sent. */
  readonly urlData: string | undefined;
}

export type UdpAnnounceParseOptions = Pick<AnnounceParseOptions, 'defaultNumWant' | 'maxNumWant'>;

/**
 * The body of a UDP announce (BEP 15), after its connection id was checked. Throws a
 * ClientError naming the first bad field; never anything else.
 *
 * The IP field is ignored whatever it holds: the peer is the datagram's source address, as
 * the HTTP side ignores `ip` (BEP 7 warns that honouring it lets anyone aim a swarm at a third
 * party). A negative num_want (BEP 15: -1) means the default.
 */
export function parseUdpAnnounce(datagram: Buffer, opts: UdpAnnounceParseOptions): UdpAnnounce {
  if (datagram.length < UDP_ANNOUNCE_REQUEST_BYTES)
    throw new ClientError(
      `announce must be at least ${UDP_ANNOUNCE_REQUEST_BYTES} bytes, got ${datagram.length}`,
      'bad_length',
    );
  const event = readEvent(datagram.readUInt32BE(80));
  const port = datagram.readUInt16BE(96);
  // A stopping client may no longer listen (as on HTTP); anyone else must.
  if (port === 0 && event !== 'stopped') throw invalidParam('port', 'must be from 1 to 65535');
  const numWant = datagram.readInt32BE(92);
  const request: AnnounceRequest = {
    infoHash: Buffer.from(datagram.subarray(16, 36)),
    peerId: Buffer.from(datagram.subarray(36, 56)),
    port,
    downloaded: readCounter(datagram, 56, 'downloaded'),
    left: readCounter(datagram, 64, 'left'),
    uploaded: readCounter(datagram, 72, 'uploaded'),
    corrupt: undefined,
    redundant: undefined,
    event,
    numWant: resolveNumWant(numWant < 0 ? undefined : numWant, event, opts),
    compact: true,
    noPeerId: true,
    supportCrypto: false,
    key: Buffer.from(datagram.subarray(88, 92)),
    clientIpv4: undefined,
    clientIpv6: undefined,
  };
  return { request, urlData: readUrlData(datagram, UDP_ANNOUNCE_REQUEST_BYTES) };
}

function readEvent(code: number): AnnounceEvent {
  const event = UDP_EVENTS[code];
  if (event === undefined)
    throw invalidParam('event', 'must be 0 (none), 1 (completed), 2 (started) or 3 (stopped)');
  return event;
}

/** int64 on the wire; a negative count is as wrong as HTTP's `uploaded=-1`. */
function readCounter(datagram: Buffer, off: number, name: string): bigint {
  const value = datagram.readBigInt64BE(off);
  if (value < 0n) throw invalidParam(name, 'must be from 0 to 2^63-1');
  return value;
}
