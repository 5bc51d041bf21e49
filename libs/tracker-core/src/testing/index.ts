// Test helpers shared with other projects: the contract suite of each port, run against
// every adapter (in-memory here, Redis in tracker-redis).
export * from './swarm-store-contract.js';
export * from './registry-contract.js';
export * from './registry-store-contract.js';
export * from './stats-source-contract.js';
export * from './session-store-contract.js';
export * from './login-limiter-contract.js';
