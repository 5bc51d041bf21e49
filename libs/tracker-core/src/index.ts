export * from './errors/client-error.js';
export * from './swarm/swarm-store.js';
export * from './swarm/memory-swarm-store.js';
export * from './swarm/memory-stats-ledger.js';
export * from './protocol/index.js';
export * from './announce/index.js';
export * from './bencode/index.js';
export * from './metainfo/index.js';
