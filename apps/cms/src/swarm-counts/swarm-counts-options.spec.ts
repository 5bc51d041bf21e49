import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ANNOUNCE_POLICY, peerTtlSeconds } from '@tracker/core';
import { ConfigError } from '../config/cms-config.js';
import { DEFAULT_SWARM_COUNTS_OPTIONS, parseSwarmCountsEnv } from './swarm-counts-options.js';

describe('parseSwarmCountsEnv', () => {
  it("defaults to the announcer's default peer TTL and a 30 s copy", () => {
    expect(parseSwarmCountsEnv({})).toEqual(DEFAULT_SWARM_COUNTS_OPTIONS);
    // The announcer's config defaults PEER_TTL to peerTtlSeconds(its policy), whose default is
    // DEFAULT_ANNOUNCE_POLICY (apps/announcer/src/config/announcer-config.ts).
    expect(DEFAULT_SWARM_COUNTS_OPTIONS).toMatchObject({
      peerTtlSeconds: peerTtlSeconds(DEFAULT_ANNOUNCE_POLICY),
      syncMs: 30_000,
    });
    expect(DEFAULT_SWARM_COUNTS_OPTIONS.peerTtlSeconds).toBe(2880);
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
