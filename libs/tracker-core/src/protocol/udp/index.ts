// The UDP tracker protocol (BEP 15, BEP 41 options): datagrams to typed values and back, and
// the stateless connection ids. No I/O: the announcer's udp/ folder owns the sockets.
export * from './udp-wire.js';
export * from './read-udp-header.js';
export * from './parse-udp-announce.js';
export * from './parse-udp-scrape.js';
export * from './bep41-options.js';
export * from './encode-udp-responses.js';
export * from './connection-id.js';
export * from './udp-client-codec.js';
