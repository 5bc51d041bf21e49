// The registry port (what the site publishes, what the announcer reads), its in-memory
// adapter and the private-mode gate built on it.
export * from './registry.js';
export * from './passkey.js';
export * from './memory-registry.js';
// The site's publishing side: the entries it wants, their digests, and its store port.
export * from './registry-entry.js';
export * from './registry-store.js';
export * from './memory-registry-store.js';
export * from './announce-gate.js';
