/**
 * The UDP tracker protocol's fixed layouts (BEP 15), all big endian. Offsets are bytes from
 * the start of a datagram.
 */

/** The magic a connect request starts with: 0x41727101980, as 8 bytes. */
export const UDP_PROTOCOL_ID = 0x41727101980n;

export const UDP_ACTION = Object.freeze({ connect: 0, announce: 1, scrape: 2, error: 3 });
export type UdpActionName = keyof typeof UDP_ACTION;

/** protocol_id or connection_id (8), action (4), transaction_id (4). */
export const UDP_HEADER_BYTES = 16;
/** A connect response: action, transaction_id, connection_id. */
export const UDP_CONNECT_RESPONSE_BYTES = 16;
/**
 * The announce request without options: header, info_hash (20), peer_id (20), downloaded,
 * left, uploaded (8 each), event, IP, key, num_want (4 each), port (2).
 */
export const UDP_ANNOUNCE_REQUEST_BYTES = 98;
/** action, transaction_id, interval, leechers, seeders; then the peers. */
export const UDP_ANNOUNCE_RESPONSE_HEADER_BYTES = 20;
/** action, transaction_id; then seeders, completed, leechers (4 each) per hash. */
export const UDP_SCRAPE_RESPONSE_HEADER_BYTES = 8;
export const UDP_SCRAPE_ENTRY_BYTES = 12;
/** BEP 15: "up to about 74 torrents can be scraped at once" (16 + 74 × 20 = 1496 bytes). */
export const UDP_SCRAPE_MAX_HASHES = 74;

/**
 * Peers one announce answer may carry so that the datagram needs no IP fragmentation on a
 * 1500-byte link (minus 20 + 8 bytes of IPv4 + UDP headers, or 40 + 8 for IPv6): 242 IPv4
 * or 79 IPv6 peers. Fragments get lost or dropped by middleboxes, and the answer is lost whole.
 */
export const UDP_MAX_PEERS4 = Math.floor((1500 - 28 - UDP_ANNOUNCE_RESPONSE_HEADER_BYTES) / 6);
export const UDP_MAX_PEERS6 = Math.floor((1500 - 48 - UDP_ANNOUNCE_RESPONSE_HEADER_BYTES) / 18);

/** BEP 15's announce events; `paused` (BEP 21) has no UDP number. */
export const UDP_EVENTS = Object.freeze(['none', 'completed', 'started', 'stopped'] as const);
