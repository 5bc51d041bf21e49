import { describe, expect, it } from '@jest/globals';
import { createKeySchema, scriptKeyParts } from '../src/key-schema.js';

describe('key schema', () => {
  const keys = createKeySchema('tr');
  const hash = Buffer.from('0123456789abcdef0123456789abcdef01234567', 'hex');

  it('puts every key of one swarm in the same Redis Cluster hash slot via {info_hash hex}', () => {
    const swarm = keys.swarm(hash);
    const tags = [swarm.peers, swarm.peers6, swarm.peerData, swarm.completed, swarm.pool, swarm.users].map(
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

describe('scriptKeyParts', () => {
  it('reassembles into exactly the names the schema gives (the batch script builds keys from them)', () => {
    const keys = createKeySchema('tr:x');
    const infoHash = Buffer.from('00112233445566778899aabbccddeeff00112233', 'hex');
    const passkey = 'ABCDEF0123456789abcdef0123456789';
    const { swarmHead, userHead, torrentHead, suffixes } = scriptKeyParts(keys);
    const hex = infoHash.toString('hex');
    const swarm = keys.swarm(infoHash);
    const { peers, peers6, peerData, completed, pool, users } = suffixes;
    expect([peers, peers6, peerData, completed, pool, users].map((sfx) => swarmHead + hex + sfx)).toEqual([
      swarm.peers,
      swarm.peers6,
      swarm.peerData,
      swarm.completed,
      swarm.pool,
      swarm.users,
    ]);
    expect(userHead + passkey.toLowerCase()).toBe(keys.user(passkey));
    expect(torrentHead + hex).toBe(keys.torrent(infoHash));
  });
});
