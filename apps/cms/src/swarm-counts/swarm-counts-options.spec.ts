import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../config/cms-config.js';
import { DEFAULT_SWARM_COUNTS_OPTIONS, parseSwarmCountsEnv } from './swarm-counts-options.js';

describe('parseSwarmCountsEnv', () => {
  it("defaults to the announcer's default peer TTL and a 30 s copy", () => {
    expect(parseSwarmCountsEnv({})).toEqual(DEFAULT_SWARM_COUNTS_OPTIONS);
    expect(DEFAULT_SWARM_COUNTS_OPTIONS).toMatchObject({ peerTtlSeconds: 2880, syncMs: 30_000 });
  });

  it('reads PEER_TTL and SWARM_COUNTS_SYNC_SECONDS', () => {
    expect(parseSwarmCountsEnv({ PEER_TTL: ' 600 ', SWARM_COUNTS_SYNC_SECONDS: '5' })).toMatchObject({
      peerTtlSeconds: 600,
      syncMs: 5000,
    });
  });

  it.each([
    ['PEER_TTL', '59'],
    ['PEER_TTL', '1e3'],
    ['PEER_TTL', '-5'],
    ['SWARM_COUNTS_SYNC_SECONDS', '0'],
    ['SWARM_COUNTS_SYNC_SECONDS', 'soon'],
    ['SWARM_COUNTS_SYNC_SECONDS', '3601'],
  ])('refuses %s=%s with one line naming the variable', (key, value) => {
    expect(() => parseSwarmCountsEnv({ [key]: value })).toThrow(ConfigError);
    expect(() => parseSwarmCountsEnv({ [key]: value })).toThrow(new RegExp(`^${key} must be`));
  });
});
