import { runRegistryStoreContract } from '../testing/registry-store-contract.js';
import { MemoryRegistry } from './memory-registry.js';
import { MemoryRegistryStore } from './memory-registry-store.js';

runRegistryStoreContract('MemoryRegistryStore', async () => ({
  store: new MemoryRegistryStore(new MemoryRegistry()),
  close: async () => undefined,
}));
