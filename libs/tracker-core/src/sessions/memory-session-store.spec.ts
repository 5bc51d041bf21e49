import { runSessionStoreContract } from '../testing/session-store-contract.js';
import { MemorySessionStore } from './memory-session-store.js';

runSessionStoreContract('MemorySessionStore', async () => ({
  store: new MemorySessionStore(),
  close: async () => undefined,
}));
