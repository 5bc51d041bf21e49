// Test helpers shared with other projects (the swarm-store contract suite lives here).
export * from './swarm-store-contract.js';
