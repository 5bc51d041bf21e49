export * from './key-schema.js';
export * from './connection/redis-client.js';
export * from './connection/redis-error-log.js';
export * from './connection/redis-ready.js';
export * from './connection/delete-by-prefix.js';
export * from './swarm/redis-swarm-store.js';
export * from './swarm/scan-swarms.js';
export * from './swarm/memory-sync/index.js';
export * from './registry/redis-registry-reader.js';
export * from './registry/redis-registry-writer.js';
export * from './stats/stats-entry-codec.js';
// The site's side: its stats-stream reader, registry store, sessions and login budgets.
export * from './site/redis-stats-source.js';
export * from './site/redis-registry-store.js';
export * from './site/redis-session-store.js';
export * from './site/redis-login-limiter.js';
