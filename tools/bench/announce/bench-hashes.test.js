// node --test tools/bench/announce/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { benchHashes } from './bench-hashes.js';

test('benchHashes gives distinct 40-hex info_hashes, the same on every run', () => {
  const hashes = benchHashes(1000);
  assert.equal(hashes.length, 1000);
  assert.ok(hashes.every((h) => /^[0-9a-f]{40}$/.test(h)));
  assert.equal(new Set(hashes).size, 1000);
  assert.deepEqual(benchHashes(3), hashes.slice(0, 3));
});

test('benchHashes is sha1 of "bench-torrent/i", so other tools can derive the same list', () => {
  assert.equal(benchHashes(8)[7], createHash('sha1').update('bench-torrent/7').digest('hex'));
});
