import { runStatsSourceContract } from '../testing/stats-source-contract.js';
import { MemoryStatsLedger } from '../swarm/memory-stats-ledger.js';
import { MemoryStatsSource } from './memory-stats-source.js';

runStatsSourceContract('MemoryStatsSource', async () => {
  const ledger = new MemoryStatsLedger();
  return {
    source: new MemoryStatsSource(ledger),
    append: async (entry) => ledger.append(entry),
    close: async () => undefined,
  };
});
