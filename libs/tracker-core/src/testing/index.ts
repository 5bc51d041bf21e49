// Test helpers shared with other projects: the contract suite of each port, run against
// every adapter (in-memory here, Redis in tracker-redis).
export * from './swarm-store-contract.js';
export * from './registry-contract.js';
