// The tracker protocols: HTTP (parsing requests from raw query strings, encoding responses)
// and UDP (BEP 15 datagrams).
export * from './ip-address.js';
export * from './http/announce-request.js';
export * from './http/parse-announce-query.js';
export * from './http/parse-scrape-query.js';
export * from './http/resolve-peer-ip.js';
export * from './http/compact-peers.js';
export * from './http/encode-announce-response.js';
export * from './http/encode-failure-response.js';
export * from './http/encode-scrape-response.js';
export * from './http/bearer-token.js';
export * from './udp/index.js';
