// The registry port (what the site publishes, what the announcer reads), its in-memory
// adapter and the private-mode gate built on it.
export * from './registry.js';
export * from './passkey.js';
export * from './memory-registry.js';
export * from './announce-gate.js';
