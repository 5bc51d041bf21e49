import { describe, expect, it } from '@jest/globals';
import { createKeySchema } from '../src/key-schema.js';

describe('key schema', () => {
  const keys = createKeySchema('tr');
  const hash = Buffer.from('0123456789abcdef0123456789abcdef01234567', 'hex');

  it('puts every key of one swarm in the same Redis Cluster hash slot via {info_hash hex}', () => {
    const swarm = keys.swarm(hash);
    const tags = [swarm.peers, swarm.peers6, swarm.peerData, swarm.completed, swarm.pool].map(
      (k) => /\{([^}]*)\}/.exec(k)?.[1],
    );
    expect(new Set(tags)).toEqual(new Set([hash.toString('hex')]));
  });

  it('starts every key with the prefix', () => {
    const all = [
      keys.user('A'.repeat(32)),
      keys.torrent(hash),
      keys.registryVersion,
      keys.statsStream,
      keys.statsDeadLetter,
    ];
    expect(all.every((k) => k.startsWith('tr:'))).toBe(true);
    expect(keys.user('A'.repeat(32))).toBe(`tr:reg:user:${'a'.repeat(32)}`);
  });

  it.each(['', 'has space', 'a{b}', 'trailing:', 'x'.repeat(65)])('refuses the prefix %p', (prefix) => {
    expect(() => createKeySchema(prefix)).toThrow(/prefix/);
  });
});
