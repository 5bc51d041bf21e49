import { runRegistryContract } from '../testing/registry-contract.js';
import { MemoryRegistry } from './memory-registry.js';

runRegistryContract('MemoryRegistry', async () => {
  const registry = new MemoryRegistry();
  return { reader: registry, writer: registry };
});
