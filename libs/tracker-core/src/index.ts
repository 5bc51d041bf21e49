export * from './errors/client-error.js';
export * from './swarm/swarm-store.js';
export * from './bencode/index.js';
