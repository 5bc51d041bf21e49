// The memory-sync announcer backend (ADR 0019): answers from memory, writes to Redis in batches.
export * from './memory-sync-swarm-store.js';
export * from './credit-batch-codec.js';
export * from './credit-batch-writer.js';
export * from './load-swarms.js';
export { RegistryMirror } from './registry-mirror.js';
